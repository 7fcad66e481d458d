import Foundation
import PostgresNIO
import SandboxStore

extension SandboxConexteoContact: PostgresMapped {
    static let columns = "id, list_id, tel, " + fieldNames.joined(separator: ", ") + ", created_at"

    init(postgres c: PostgresColumns) throws {
        var fields: [String: String] = [:]
        for name in Self.fieldNames {
            if let value = try c(name, as: String?.self) { fields[name] = value }
        }
        self.init(listID: try c("list_id"), tel: try c("tel"), fields: fields, createdAt: try c("created_at"))
        id = try c("id")
    }

    /// The values of ``fieldNames`` in order, NULL for a field the contact does not have, bound
    /// after `bindings`' values; and their placeholders.
    func bindFields(_ bindings: inout PostgresBindings) -> [String] {
        Self.fieldNames.map { name in
            bindings.append(fields[name])
            return "$\(bindings.count)"
        }
    }

    /// Inserts the contact into list `listID`, returning it as stored.
    func insertQuery(listID: Int64) -> PostgresQuery {
        var bindings = PostgresBindings()
        bindings.append(listID)
        bindings.append(tel)
        let placeholders = bindFields(&bindings)
        bindings.append(createdAt.pg)
        let sql = """
            INSERT INTO sandbox_conexteo_contact (list_id, tel, \(Self.fieldNames.joined(separator: ", ")), created_at)
            VALUES ($1, $2, \(placeholders.joined(separator: ", ")), $\(bindings.count))
            RETURNING \(Self.columns)
            """
        return PostgresQuery(unsafeSQL: sql, binds: bindings)
    }

    /// Saves every column of the contact over the stored one with id `id`.
    func updateQuery(id: Int64) -> PostgresQuery {
        var bindings = PostgresBindings()
        bindings.append(listID)
        bindings.append(tel)
        let placeholders = bindFields(&bindings)
        bindings.append(createdAt.pg)
        let createdAtPlaceholder = bindings.count
        bindings.append(id)
        let assignments = zip(Self.fieldNames, placeholders).map { "\($0) = \($1)" }.joined(separator: ", ")
        let sql = """
            UPDATE sandbox_conexteo_contact SET list_id = $1, tel = $2, \(assignments), created_at = $\(createdAtPlaceholder)
            WHERE id = $\(bindings.count)
            """
        return PostgresQuery(unsafeSQL: sql, binds: bindings)
    }
}
