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
        migrator.registerMigration("v5: sandbox conexteo directory and accounts") { db in
            // The Conexteo emulation's stop list: one row per opted-out number (E.164), which
            // list sends skip. Ids are never reused (AUTOINCREMENT), as a client may hold one.
            try db.create(table: "sandbox_conexteo_stop") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("recipient", .text).notNull().unique()
                t.column("created_at", .datetime).notNull()
            }
            try db.create(table: "sandbox_conexteo_contact_list") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("name", .text).notNull()
                t.column("created_at", .datetime).notNull()
            }
            // A contact belongs to one list and goes with it; the champ_* columns are Conexteo's
            // field names, so the emulation maps them one to one.
            try db.create(table: "sandbox_conexteo_contact") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("list_id", .integer).notNull().indexed()
                    .references("sandbox_conexteo_contact_list", onDelete: .cascade)
                t.column("tel", .text).notNull()
                for field in ["champ_nom", "champ_prenom", "champ_mail", "champ_adresse", "champ_cp", "champ_ville", "champ_date"]
                    + (1...10).map({ "champ_perso\($0)" })
                {
                    t.column(field, .text)
                }
                t.column("created_at", .datetime).notNull()
            }
            try db.create(table: "sandbox_conexteo_subaccount") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("name", .text).notNull()
                t.column("email", .text).notNull().unique().collate(.nocase)
                t.column("credits", .integer).notNull().defaults(to: 0)
                t.column("credit_mode", .text).notNull()
                t.column("created_at", .datetime).notNull()
            }
            // Every credit move between the parent account and a sub-account, for its history.
            try db.create(table: "sandbox_conexteo_subaccount_credit") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("subaccount_id", .integer).notNull().indexed()
                    .references("sandbox_conexteo_subaccount", onDelete: .cascade)
                t.column("operation", .text).notNull()  // "add" or "remove"
                t.column("credits", .integer).notNull()
                t.column("balance_after", .integer).notNull()
                t.column("created_at", .datetime).notNull()
            }
        }
        return migrator
    }()
}
