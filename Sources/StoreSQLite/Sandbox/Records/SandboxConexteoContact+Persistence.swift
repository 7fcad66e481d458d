import Foundation
import GRDB
import SandboxStore
import Storage

extension SandboxConexteoContact: SQLiteMapped {
    static var tableName: String { "sandbox_conexteo_contact" }

    init(row: Row) throws {
        var fields: [String: String] = [:]
        for name in Self.fieldNames {
            if let value: String = row[name] { fields[name] = value }
        }
        self.init(listID: row["list_id"], tel: row["tel"], fields: fields, createdAt: row["created_at"])
        id = row["id"]
    }

    func encode(to container: inout PersistenceContainer) {
        container["id"] = id
        container["list_id"] = listID
        container["tel"] = tel
        for name in Self.fieldNames { container[name] = fields[name] }
        container["created_at"] = createdAt
    }

    mutating func didInsert(rowID: Int64) { id = rowID }
}
