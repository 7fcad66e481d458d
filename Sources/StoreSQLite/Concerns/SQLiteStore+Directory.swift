import Foundation
import GRDB
import Storage

extension SQLiteStore {
    /// Creates or replaces the contact `contact.phone` and adds it to `lists`, which must exist.
    /// A contact that existed keeps its creation date and its other lists.
    public func saveContact(_ contact: ContactRow, lists: [String] = []) async throws(StorageError) -> ContactRow {
        try await write("saving contact \(contact.phone)") { db in
            var row = contact
            if let existing = try ContactRow.fetchOne(db, key: contact.phone) { row.createdAt = existing.createdAt }
            try row.save(db)
            for list in lists {
                guard try Row.fetchOne(db, sql: "SELECT 1 FROM contact_list WHERE name = ?", arguments: [list]) != nil else {
                    throw StorageError(
                        .unknownList, "there is no list '\(list)': create it first with lists.create(\"\(list)\")")
                }
                try db.execute(
                    sql: "INSERT OR IGNORE INTO contact_list_member (list, phone) VALUES (?, ?)", arguments: [list, row.phone])
            }
            return row
        }
    }

    /// The contacts among `phones` that exist, by number, read together.
    public func contacts(_ phones: [String]) async throws(StorageError) -> [String: ContactRow] {
        try await read("reading \(phones.count) contact(s)") { db in
            // One cached lookup per number: cheaper than a new IN (...) statement per list size.
            let statement = try db.cachedStatement(sql: "SELECT * FROM contact WHERE phone = ?")
            var found: [String: ContactRow] = [:]
            for phone in phones where found[phone] == nil {
                if let row = try ContactRow.fetchOne(statement, arguments: [phone]) { found[phone] = row }
            }
            return found
        }
    }

    /// The contact with `phone`, if any.
    public func contact(_ phone: String) async throws(StorageError) -> ContactRow? {
        try await read("reading contact \(phone)") { db in
            try ContactRow.fetchOne(db.cachedStatement(sql: "SELECT * FROM contact WHERE phone = ?"), arguments: [phone])
        }
    }

    /// The lists `phone` belongs to, by name.
    public func lists(of phone: String) async throws(StorageError) -> [String] {
        try await read("reading the lists of \(phone)") { db in
            try String.fetchAll(db, sql: "SELECT list FROM contact_list_member WHERE phone = ? ORDER BY list", arguments: [phone])
        }
    }

    /// Deletes the contact (and its memberships); false when there was none.
    @discardableResult
    public func removeContact(_ phone: String) async throws(StorageError) -> Bool {
        try await write("removing contact \(phone)") { db in
            try db.execute(sql: "DELETE FROM contact_list_member WHERE phone = ?", arguments: [phone])
            return try ContactRow.deleteOne(db, key: phone)
        }
    }

    /// Creates list `name`; false when it exists.
    @discardableResult
    public func createList(_ name: String, now: Date) async throws(StorageError) -> Bool {
        try await write("creating list \(name)") { db in
            try db.execute(sql: "INSERT OR IGNORE INTO contact_list (name, created_at) VALUES (?, ?)", arguments: [name, now])
            return db.changesCount > 0
        }
    }

    /// Deletes list `name` (its contacts stay); false when there was none.
    @discardableResult
    public func deleteList(_ name: String) async throws(StorageError) -> Bool {
        try await write("deleting list \(name)") { db in
            try db.execute(sql: "DELETE FROM contact_list_member WHERE list = ?", arguments: [name])
            try db.execute(sql: "DELETE FROM contact_list WHERE name = ?", arguments: [name])
            return db.changesCount > 0
        }
    }

    /// Adds the contact `phone` to list `name`, creating a bare contact if needed; false when it
    /// was a member already. The list must exist.
    @discardableResult
    public func addToList(_ name: String, phone: String, now: Date) async throws(StorageError) -> Bool {
        try await write("adding \(phone) to list \(name)") { db in
            guard try Row.fetchOne(db, sql: "SELECT 1 FROM contact_list WHERE name = ?", arguments: [name]) != nil else {
                throw StorageError(.unknownList, "there is no list '\(name)': create it first with lists.create(\"\(name)\")")
            }
            if try ContactRow.fetchOne(db, key: phone) == nil {
                var bare = ContactRow(phone: phone, createdAt: now)
                try bare.insert(db)
            }
            try db.execute(sql: "INSERT OR IGNORE INTO contact_list_member (list, phone) VALUES (?, ?)", arguments: [name, phone])
            return db.changesCount > 0
        }
    }

    /// Takes `phone` out of list `name`; false when it was not a member.
    @discardableResult
    public func removeFromList(_ name: String, phone: String) async throws(StorageError) -> Bool {
        try await write("removing \(phone) from list \(name)") { db in
            try db.execute(sql: "DELETE FROM contact_list_member WHERE list = ? AND phone = ?", arguments: [name, phone])
            return db.changesCount > 0
        }
    }

    /// The contacts of list `name`, by number; nil when the list does not exist.
    public func listMembers(_ name: String) async throws(StorageError) -> [ContactRow]? {
        try await read("listing the members of \(name)") { db in
            guard try Row.fetchOne(db, sql: "SELECT 1 FROM contact_list WHERE name = ?", arguments: [name]) != nil else { return nil }
            return try ContactRow.fetchAll(
                db,
                sql: "SELECT contact.* FROM contact JOIN contact_list_member m ON m.phone = contact.phone WHERE m.list = ? ORDER BY contact.phone",
                arguments: [name])
        }
    }

    /// Every list with its member count, by name.
    public func contactLists() async throws(StorageError) -> [(name: String, count: Int)] {
        try await read("listing the lists") { db in
            try Row.fetchAll(
                db,
                sql: "SELECT l.name, COUNT(m.phone) AS n FROM contact_list l LEFT JOIN contact_list_member m ON m.list = l.name GROUP BY l.name ORDER BY l.name"
            ).map { (name: $0["name"], count: $0["n"]) }
        }
    }

    /// Creates or replaces template `template.name`.
    public func saveTemplate(_ template: TemplateRow) async throws(StorageError) -> TemplateRow {
        try await write("saving template \(template.name)") { db in
            var row = template
            if let existing = try TemplateRow.fetchOne(db, key: template.name) { row.createdAt = existing.createdAt }
            try row.save(db)
            return row
        }
    }

    /// The template `name`, if any.
    public func template(_ name: String) async throws(StorageError) -> TemplateRow? {
        try await read("reading template \(name)") { db in try TemplateRow.fetchOne(db, key: name) }
    }

    /// Every template, by name.
    public func templates() async throws(StorageError) -> [TemplateRow] {
        try await read("listing templates") { db in try TemplateRow.order(Column("name")).fetchAll(db) }
    }

    /// Deletes template `name`; false when there was none.
    @discardableResult
    public func deleteTemplate(_ name: String) async throws(StorageError) -> Bool {
        try await write("deleting template \(name)") { db in try TemplateRow.deleteOne(db, key: name) }
    }
}
