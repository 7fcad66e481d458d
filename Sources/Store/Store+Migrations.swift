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
        migrator.registerMigration("v2: sandbox credits and webhook endpoints") { db in
            // The sandbox's Conexteo credit balance per account (API key); a missing row means the
            // account still has its starting balance.
            try db.create(table: "sandbox_credit") { t in
                t.primaryKey("account", .text)
                t.column("balance", .integer).notNull()
            }
            // Conerix webhook endpoints created through the sandbox server.
            try db.create(table: "sandbox_webhook_endpoint") { t in
                t.primaryKey("id", .text)
                t.column("url", .text).notNull()
                t.column("description", .text).notNull()
                t.column("events", .text).notNull()  // JSON array of event types
                t.column("signing_secret", .text).notNull()
                t.column("is_active", .boolean).notNull()
                t.column("created_at", .datetime).notNull()
            }
        }
        migrator.registerMigration("v3: sandbox replies") { db in
            // What handsets answered, as the sandbox's phone network holds it: the in-process
            // sandbox provider and the Conexteo emulation's replies endpoint both read it, in
            // `seq` order (a durable cursor for pollers).
            try db.create(table: "sandbox_reply") { t in
                t.autoIncrementedPrimaryKey("seq")
                t.column("id", .text).notNull().unique()
                t.column("from_number", .text).notNull()
                t.column("to_number", .text).notNull()
                t.column("body", .text).notNull()
                t.column("in_reply_to", .text)  // the sandbox message answered, when known
                t.column("received_at", .datetime).notNull()
            }
        }
        migrator.registerMigration("v6: sandbox webhook deliveries") { db in
            // Every attempt the sandbox's Conerix emulation made to POST an event to a registered
            // webhook endpoint, so tests and users can see what was delivered, refused or lost.
            try db.create(table: "sandbox_webhook_delivery") { t in
                t.autoIncrementedPrimaryKey("seq")
                t.column("endpoint_id", .text).notNull()
                t.column("event_id", .text).notNull()
                t.column("event_type", .text).notNull()
                t.column("message_id", .text).notNull()
                t.column("attempt", .integer).notNull()  // 1 for the first try
                t.column("status_code", .integer)  // the endpoint's answer; null when none came
                t.column("error", .text)  // why the attempt failed; null when it succeeded
                t.column("attempted_at", .datetime).notNull()
            }
            try db.create(index: "sandbox_webhook_delivery_endpoint", on: "sandbox_webhook_delivery", columns: ["endpoint_id"])
        }
        return migrator
    }()
}
