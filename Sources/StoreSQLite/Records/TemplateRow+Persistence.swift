import Foundation
import GRDB
import Storage

extension TemplateRow: SQLiteMapped {
    static var tableName: String { "template" }

    init(row: Row) throws {
        self.init(name: row["name"], body: row["body"], sender: row["sender"], createdAt: row["created_at"], updatedAt: row["updated_at"])
    }

    func encode(to container: inout PersistenceContainer) {
        container["name"] = name
        container["body"] = body
        container["sender"] = sender
        container["created_at"] = createdAt.storageText
        container["updated_at"] = updatedAt.storageText
    }
}
