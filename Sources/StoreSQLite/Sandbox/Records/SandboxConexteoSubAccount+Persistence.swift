import Foundation
import GRDB
import SandboxStore
import Storage

extension SandboxConexteoSubAccount: SQLiteMapped {
    static var tableName: String { "sandbox_conexteo_subaccount" }

    init(row: Row) throws {
        self.init(name: row["name"], email: row["email"], creditMode: row["credit_mode"], createdAt: row["created_at"])
        id = row["id"]
        credits = row["credits"]
    }

    func encode(to container: inout PersistenceContainer) {
        container["id"] = id
        container["name"] = name
        container["email"] = email
        container["credits"] = credits
        container["credit_mode"] = creditMode
        container["created_at"] = createdAt
    }

    mutating func didInsert(rowID: Int64) { id = rowID }
}
