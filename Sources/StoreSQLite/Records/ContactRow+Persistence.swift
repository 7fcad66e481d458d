import Foundation
import GRDB
import Storage

extension ContactRow: SQLiteMapped {
    static var tableName: String { "contact" }

    init(row: Row) throws {
        // Free fields are a JSON object of strings, as GRDB's Codable path wrote them.
        let text: String = row["fields"]
        let fields: [String: String]
        do {
            fields = try JSONDecoder().decode([String: String].self, from: Data(text.utf8))
        } catch {
            throw StorageError.corrupt("the fields of contact \(row["phone"] as String? ?? "?")", text)
        }
        self.init(
            phone: row["phone"], firstName: row["first_name"], lastName: row["last_name"], email: row["email"], fields: fields,
            createdAt: row["created_at"], updatedAt: row["updated_at"])
    }

    func encode(to container: inout PersistenceContainer) {
        container["phone"] = phone
        container["first_name"] = firstName
        container["last_name"] = lastName
        container["email"] = email
        container["fields"] = ContactRow.fieldsText(fields)
        container["created_at"] = createdAt.storageText
        container["updated_at"] = updatedAt.storageText
    }

    /// The fields as JSON text, keys sorted (as GRDB's Codable encoding wrote them).
    static func fieldsText(_ fields: [String: String]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return (try? encoder.encode(fields)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }
}
