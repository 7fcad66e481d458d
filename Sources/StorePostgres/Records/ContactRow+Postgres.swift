import Foundation
import PostgresNIO
import Storage

extension ContactRow: PostgresMapped {
    static let columns = "phone, first_name, last_name, email, fields, created_at, updated_at"

    init(postgres c: PostgresColumns) throws {
        // Free fields are a JSON object of strings, as on SQLite.
        let text: String = try c("fields")
        guard let fields = try? JSONDecoder().decode([String: String].self, from: Data(text.utf8)) else {
            throw StorageError(.corruptRow, "the fields of a contact are not a JSON object of strings: \(text)")
        }
        self.init(
            phone: try c("phone"), firstName: try c("first_name"), lastName: try c("last_name"), email: try c("email"),
            fields: fields, createdAt: try c("created_at"), updatedAt: try c("updated_at"))
    }

    /// Creates or replaces the contact (a replaced one keeps its creation date), returning it as stored.
    var saveQuery: PostgresQuery {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let fieldsText = (try? encoder.encode(fields)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
        return """
            INSERT INTO contact (phone, first_name, last_name, email, fields, created_at, updated_at)
            VALUES (\(phone), \(firstName), \(lastName), \(email), \(fieldsText), \(createdAt.pg), \(updatedAt.pg))
            ON CONFLICT (phone) DO UPDATE SET first_name = EXCLUDED.first_name, last_name = EXCLUDED.last_name,
              email = EXCLUDED.email, fields = EXCLUDED.fields, updated_at = EXCLUDED.updated_at
            RETURNING \(unescaped: ContactRow.columns)
            """
    }
}
