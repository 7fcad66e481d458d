import Foundation
import GRDB
import SandboxStore
import Storage

extension SandboxConexteoStop: SQLiteMapped {
    static var tableName: String { "sandbox_conexteo_stop" }

    init(row: Row) throws {
        self.init(recipient: row["recipient"], createdAt: row["created_at"])
        id = row["id"]
    }

    func encode(to container: inout PersistenceContainer) {
        container["id"] = id
        container["recipient"] = recipient
        container["created_at"] = createdAt
    }

    mutating func didInsert(rowID: Int64) { id = rowID }
}
