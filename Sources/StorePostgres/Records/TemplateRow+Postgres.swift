import Foundation
import PostgresNIO
import Storage

extension TemplateRow: PostgresMapped {
    static let columns = "name, body, sender, created_at, updated_at"

    init(postgres c: PostgresColumns) throws {
        self.init(
            name: try c("name"), body: try c("body"), sender: try c("sender"), createdAt: try c("created_at"),
            updatedAt: try c("updated_at"))
    }

    /// Creates or replaces the template (a replaced one keeps its creation date), returning it as stored.
    var saveQuery: PostgresQuery {
        """
        INSERT INTO template (name, body, sender, created_at, updated_at)
        VALUES (\(name), \(body), \(sender), \(createdAt.pg), \(updatedAt.pg))
        ON CONFLICT (name) DO UPDATE SET body = EXCLUDED.body, sender = EXCLUDED.sender, updated_at = EXCLUDED.updated_at
        RETURNING \(unescaped: TemplateRow.columns)
        """
    }
}
