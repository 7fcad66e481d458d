import GRDB
import SandboxStore
import Storage

extension SQLiteSandboxStore {
    /// The sandbox emulation's schema, one migration per change; never edit a shipped migration,
    /// add one. Kept in the `grdb_migrations` table beside the engine's (whose names go on from v7).
    static let migrations: SchemaMigrations = {
        var migrations = SchemaMigrations()
        migrations.register("v1: sandbox messages") { db in
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
        migrations.register("v2: sandbox credits and webhook endpoints") { db in
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
        migrations.register("v3: sandbox replies") { db in
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
        migrations.register("v4: sandbox conexteo sends and templates") { db in
            // One row per Conexteo send ("campaign"): what `GET /messages` lists and what a cancel
            // acts on. Its id is the `message_id` the send answered.
            try db.create(table: "sandbox_conexteo_send") { t in
                t.primaryKey("id", .text)
                t.column("type", .text).notNull()  // sms | rcs
                t.column("content", .text).notNull()  // as submitted (a dynamic send's template)
                t.column("sender", .text).notNull()
                t.column("state", .text).notNull()  // sent | scheduled | cancelled
                t.column("recipients_count", .integer).notNull()
                t.column("credits_required", .integer).notNull()  // debited at submission
                t.column("sms_count", .integer).notNull()
                t.column("external_id", .text)
                t.column("shorturl_mode", .text)
                t.column("shorturl_url", .text)
                t.column("rcs_type", .text)  // text | card | carousel
                t.column("rcs_payload", .text)  // JSON {data, fallback} as submitted
                t.column("schedule_at", .datetime)
                t.column("created_at", .datetime).notNull()
                t.column("cancelled_at", .datetime)
            }
            try db.create(index: "sandbox_conexteo_send_created_at", on: "sandbox_conexteo_send", columns: ["created_at"])
            try db.alter(table: "sandbox_message") { t in
                t.add(column: "channel", .text).notNull().defaults(to: "sms")  // sms | rcs
                t.add(column: "send_id", .text).references("sandbox_conexteo_send", onDelete: .setNull)
            }
            try db.create(index: "sandbox_message_send_id", on: "sandbox_message", columns: ["send_id"])
            // Conexteo's SMS and RCS templates ("modèles"), one id space for both kinds.
            try db.create(table: "sandbox_conexteo_template") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("kind", .text).notNull()  // sms | rcs
                t.column("name", .text).notNull()
                t.column("content", .text)  // sms
                t.column("sender", .text)  // sms
                t.column("rcs_type", .text)  // rcs: text | card | carousel
                t.column("rcs_text", .text)
                t.column("rcs_card", .text)  // JSON
                t.column("rcs_carousel", .text)  // JSON
                t.column("shorturl", .text)  // JSON
                t.column("fallback_content", .text)
                t.column("fallback_sender", .text)
                t.column("created_at", .datetime).notNull()
                t.column("updated_at", .datetime).notNull()
            }
        }
        migrations.register("v5: sandbox conexteo directory and accounts") { db in
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
        migrations.register("v6: sandbox webhook deliveries") { db in
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
        return migrations
    }()
}
