import GRDB

extension Store {
    /// The schema, one migration per change; never edit a shipped migration, add one.
    static let migrator: DatabaseMigrator = {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: sandbox messages") { db in
            try db.create(table: "sandbox_message") { t in
                t.primaryKey("id", .text)
                t.column("to_number", .text).notNull()
                t.column("sender", .text).notNull()
                t.column("body", .text).notNull()
                t.column("encoding", .text).notNull()
                t.column("segments", .integer).notNull()
                t.column("status", .text).notNull()
                t.column("external_id", .text).unique()  // the sandbox dedups like Conexteo
                t.column("created_at", .datetime).notNull()
            }
            try db.create(index: "sandbox_message_created_at", on: "sandbox_message", columns: ["created_at"])
        }
        return migrator
    }()
}
