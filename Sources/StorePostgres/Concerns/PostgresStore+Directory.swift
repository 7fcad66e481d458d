import Foundation
import PostgresNIO
import Storage

extension PostgresStore {
    /// The error for a list that does not exist, as the SQLite backend words it.
    static func unknownList(_ name: String) -> StorageError {
        StorageError(.unknownList, "there is no list '\(name)': create it first with lists.create(\"\(name)\")")
    }

    public func saveContact(_ contact: ContactRow, lists: [String]) async throws(StorageError) -> ContactRow {
        let logger = self.logger
        return try await write("saving contact \(contact.phone)") { db in
            guard let row = try ContactRow.first(try await db.rows(contact.saveQuery, logger)) else {
                throw StorageError(.internal, "contact \(contact.phone) was not saved")
            }
            for list in lists {
                guard try await db.value("SELECT EXISTS (SELECT 1 FROM contact_list WHERE name = \(list))", logger, as: Bool.self) == true
                else { throw PostgresStore.unknownList(list) }
                try await db.execute(
                    "INSERT INTO contact_list_member (list, phone) VALUES (\(list), \(row.phone)) ON CONFLICT DO NOTHING", logger)
            }
            return row
        }
    }

    public func contacts(_ phones: [String]) async throws(StorageError) -> [String: ContactRow] {
        let logger = self.logger
        return try await read("reading \(phones.count) contact(s)") { db in
            let rows = try ContactRow.all(
                try await db.rows("SELECT \(unescaped: ContactRow.columns) FROM contact WHERE phone = ANY(\(Array(Set(phones))))", logger))
            return Dictionary(rows.map { ($0.phone, $0) }, uniquingKeysWith: { first, _ in first })
        }
    }

    public func contact(_ phone: String) async throws(StorageError) -> ContactRow? {
        let logger = self.logger
        return try await read("reading contact \(phone)") { db in
            try ContactRow.first(try await db.rows("SELECT \(unescaped: ContactRow.columns) FROM contact WHERE phone = \(phone)", logger))
        }
    }

    public func lists(of phone: String) async throws(StorageError) -> [String] {
        let logger = self.logger
        return try await read("reading the lists of \(phone)") { db in
            try await db.rows("SELECT list FROM contact_list_member WHERE phone = \(phone) ORDER BY list", logger).map { try $0.decode(String.self) }
        }
    }

    public func removeContact(_ phone: String) async throws(StorageError) -> Bool {
        let logger = self.logger
        return try await write("removing contact \(phone)") { db in
            try await db.execute("DELETE FROM contact WHERE phone = \(phone)", logger) > 0
        }
    }

    public func createList(_ name: String, now: Date) async throws(StorageError) -> Bool {
        let logger = self.logger
        return try await write("creating list \(name)") { db in
            try await db.execute(
                "INSERT INTO contact_list (name, created_at) VALUES (\(name), \(now.pg)) ON CONFLICT (name) DO NOTHING", logger) > 0
        }
    }

    public func deleteList(_ name: String) async throws(StorageError) -> Bool {
        let logger = self.logger
        return try await write("deleting list \(name)") { db in
            try await db.execute("DELETE FROM contact_list WHERE name = \(name)", logger) > 0
        }
    }

    public func addToList(_ name: String, phone: String, now: Date) async throws(StorageError) -> Bool {
        let logger = self.logger
        return try await write("adding \(phone) to list \(name)") { db in
            guard try await db.value("SELECT EXISTS (SELECT 1 FROM contact_list WHERE name = \(name))", logger, as: Bool.self) == true else {
                throw PostgresStore.unknownList(name)
            }
            try await db.execute(
                """
                INSERT INTO contact (phone, fields, created_at, updated_at) VALUES (\(phone), '{}', \(now.pg), \(now.pg))
                ON CONFLICT (phone) DO NOTHING
                """, logger)
            return try await db.execute(
                "INSERT INTO contact_list_member (list, phone) VALUES (\(name), \(phone)) ON CONFLICT DO NOTHING", logger) > 0
        }
    }

    public func removeFromList(_ name: String, phone: String) async throws(StorageError) -> Bool {
        let logger = self.logger
        return try await write("removing \(phone) from list \(name)") { db in
            try await db.execute("DELETE FROM contact_list_member WHERE list = \(name) AND phone = \(phone)", logger) > 0
        }
    }

    public func listMembers(_ name: String) async throws(StorageError) -> [ContactRow]? {
        let logger = self.logger
        return try await write("listing the members of \(name)") { db in
            guard try await db.value("SELECT EXISTS (SELECT 1 FROM contact_list WHERE name = \(name))", logger, as: Bool.self) == true else {
                return nil
            }
            return try ContactRow.all(
                try await db.rows(
                    """
                    SELECT c.phone, c.first_name, c.last_name, c.email, c.fields, c.created_at, c.updated_at
                    FROM contact c JOIN contact_list_member m ON m.phone = c.phone WHERE m.list = \(name) ORDER BY c.phone
                    """, logger))
        }
    }

    public func contactLists() async throws(StorageError) -> [(name: String, count: Int)] {
        let logger = self.logger
        return try await read("listing the lists") { db in
            try await db.rows(
                """
                SELECT l.name, COUNT(m.phone) FROM contact_list l LEFT JOIN contact_list_member m ON m.list = l.name
                GROUP BY l.name ORDER BY l.name
                """, logger
            ).map {
                let (name, count) = try $0.decode((String, Int).self)
                return (name: name, count: count)
            }
        }
    }

    public func saveTemplate(_ template: TemplateRow) async throws(StorageError) -> TemplateRow {
        let logger = self.logger
        return try await write("saving template \(template.name)") { db in
            guard let row = try TemplateRow.first(try await db.rows(template.saveQuery, logger)) else {
                throw StorageError(.internal, "template \(template.name) was not saved")
            }
            return row
        }
    }

    public func template(_ name: String) async throws(StorageError) -> TemplateRow? {
        let logger = self.logger
        return try await read("reading template \(name)") { db in
            try TemplateRow.first(try await db.rows("SELECT \(unescaped: TemplateRow.columns) FROM template WHERE name = \(name)", logger))
        }
    }

    public func templates() async throws(StorageError) -> [TemplateRow] {
        let logger = self.logger
        return try await read("listing templates") { db in
            try TemplateRow.all(try await db.rows("SELECT \(unescaped: TemplateRow.columns) FROM template ORDER BY name", logger))
        }
    }

    public func deleteTemplate(_ name: String) async throws(StorageError) -> Bool {
        let logger = self.logger
        return try await write("deleting template \(name)") { db in
            try await db.execute("DELETE FROM template WHERE name = \(name)", logger) > 0
        }
    }
}
