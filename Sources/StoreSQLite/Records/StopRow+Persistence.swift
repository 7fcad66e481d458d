import Foundation
import GRDB
import Storage

extension StopRow: SQLiteMapped {
    static var tableName: String { "stop" }

    init(row: Row) throws {
        self.init(phone: row["phone"], source: row["source"], createdAt: row["created_at"])
    }

    func encode(to container: inout PersistenceContainer) {
        container["phone"] = phone
        container["source"] = source
        container["created_at"] = createdAt.storageText
    }
}
