import Foundation
import GRDB
import Storage

extension StopRow: SQLiteMapped {
    static var tableName: String { "stop" }

    init(row: Row) throws {
        self.init(
            phone: row["phone"], source: try row.vocabulary("source", table: "stop", row: row["phone"]), createdAt: row["created_at"])
    }

    func encode(to container: inout PersistenceContainer) {
        container["phone"] = phone
        container["source"] = source.rawValue
        container["created_at"] = createdAt.storageText
    }
}
