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
        migrator.registerMigration("v4: sandbox conexteo sends and templates") { db in
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
        migrator.registerMigration("v7: engine outbox, inbound, stops and cursors") { db in
            // Every send, committed with its dedup key before any network call (DESIGN.md §2.4).
            try db.create(table: "outbox") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("dedup_key", .text).notNull().unique()
                t.column("to_number", .text).notNull()
                t.column("sender", .text)
                t.column("body", .text).notNull()
                t.column("class", .text).notNull()
                t.column("origin", .text).notNull()
                t.column("status", .text).notNull()
                t.column("not_before", .datetime).notNull()
                t.column("attempts", .integer).notNull().defaults(to: 0)
                t.column("segments", .integer).notNull()
                t.column("encoding", .text).notNull()
                t.column("provider", .text)
                t.column("provider_message_id", .text)
                t.column("error_code", .text)
                t.column("error_message", .text)
                t.column("created_at", .datetime).notNull()
                t.column("updated_at", .datetime).notNull()
            }
            try db.create(index: "outbox_due", on: "outbox", columns: ["status", "not_before"])
            // Every inbound message, once per provider id, before any handler runs.
            try db.create(table: "inbound") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("provider", .text).notNull()
                t.column("provider_id", .text).notNull()
                t.column("from_number", .text).notNull()
                t.column("to_number", .text).notNull()
                t.column("body", .text).notNull()
                t.column("received_at", .datetime).notNull()
                t.column("status", .text).notNull()
                t.column("error", .text)
                t.column("handled_at", .datetime)
                t.uniqueKey(["provider", "provider_id"])
            }
            try db.create(index: "inbound_status", on: "inbound", columns: ["status", "id"])
            // The local stop list (opt-outs), checked at dispatch.
            try db.create(table: "stop") { t in
                t.primaryKey("phone", .text)
                t.column("source", .text).notNull()
                t.column("created_at", .datetime).notNull()
            }
            // Durable positions of inbound pollers.
            try db.create(table: "cursor") { t in
                t.primaryKey("name", .text)
                t.column("value", .text).notNull()
            }
        }
        migrator.registerMigration("v8: engine contacts, lists and templates") { db in
            // The local directory, used where the provider has none (the sandbox, Conerix).
            try db.create(table: "contact") { t in
                t.primaryKey("phone", .text)
                t.column("first_name", .text)
                t.column("last_name", .text)
                t.column("email", .text)
                t.column("fields", .text).notNull()  // JSON object of string values
                t.column("created_at", .datetime).notNull()
                t.column("updated_at", .datetime).notNull()
            }
            try db.create(table: "contact_list") { t in
                t.primaryKey("name", .text)
                t.column("created_at", .datetime).notNull()
            }
            try db.create(table: "contact_list_member") { t in
                t.column("list", .text).notNull().references("contact_list", column: "name", onDelete: .cascade)
                t.column("phone", .text).notNull().references("contact", column: "phone", onDelete: .cascade)
                t.primaryKey(["list", "phone"])
            }
            try db.create(table: "template") { t in
                t.primaryKey("name", .text)
                t.column("body", .text).notNull()
                t.column("sender", .text)
                t.column("created_at", .datetime).notNull()
                t.column("updated_at", .datetime).notNull()
            }
        }
        migrator.registerMigration("v9: delivery reports and RCS sends") { db in
            // Delivery reports, once per provider event, before any on.delivery handler runs.
            try db.create(table: "delivery") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("provider", .text).notNull()
                t.column("event_id", .text).notNull()
                t.column("message_id", .text).notNull()
                t.column("to_number", .text).notNull()
                t.column("status", .text).notNull()  // sent, delivered, failed
                t.column("error", .text)
                t.column("occurred_at", .datetime).notNull()
                t.column("handling", .text).notNull()  // pending, handled
                t.column("handler_error", .text)
                t.column("handled_at", .datetime)
                t.uniqueKey(["provider", "event_id"])
            }
            try db.create(index: "delivery_handling", on: "delivery", columns: ["handling", "id"])
            // The last report of each send, and RCS content (JSON) for RCS sends.
            try db.alter(table: "outbox") { t in
                t.add(column: "delivery_status", .text)
                t.add(column: "payload", .text)
            }
            try db.create(index: "outbox_provider_message", on: "outbox", columns: ["provider_message_id"])
        }
        migrator.registerMigration("v10: flows, schedules and the virtual clock") { db in
            // One row per flow run (DESIGN.md §2.5): what it is waiting for lives here and in
            // flow_wait; what it did lives in flow_journal.
            try db.create(table: "flow_run") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("flow", .text).notNull()
                t.column("phone", .text).notNull()
                t.column("status", .text).notNull()
                t.column("source_hash", .text)  // the flow version the run is pinned to
                t.column("vars", .text).notNull()  // JSON object given at start
                t.column("contact", .text).notNull()  // JSON object: the contact as it was at start
                t.column("next_wake", .datetime)  // sleeping: the wake-up; waiting: the ask's deadline
                t.column("error_code", .text)
                t.column("error", .text)
                t.column("origin", .text).notNull()
                t.column("created_at", .datetime).notNull()
                t.column("updated_at", .datetime).notNull()
            }
            try db.create(index: "flow_run_due", on: "flow_run", columns: ["status", "next_wake"])
            try db.create(index: "flow_run_phone", on: "flow_run", columns: ["phone", "status"])
            try db.create(index: "flow_run_flow", on: "flow_run", columns: ["flow", "phone", "status"])
            // Every effect of a run, by step number, committed with its outbox or timer row.
            try db.create(table: "flow_journal") { t in
                t.column("run_id", .integer).notNull().references("flow_run", onDelete: .cascade)
                t.column("step", .integer).notNull()
                t.column("kind", .text).notNull()  // send | ask | sleep | now | random
                t.column("args", .text).notNull()  // what the code passed, compared on replay
                t.column("result", .text)  // JSON; null while the step waits (sleep, ask, a send in flight)
                t.column("due_at", .datetime)  // sleep: the wake-up; ask: the deadline
                t.column("at", .datetime).notNull()
                t.primaryKey(["run_id", "step"])
            }
            // The replies runs wait for: at most one per run, at one step.
            try db.create(table: "flow_wait") { t in
                t.primaryKey("run_id", .integer).references("flow_run", onDelete: .cascade)
                t.column("step", .integer).notNull()
                t.column("phone", .text).notNull().indexed()
                t.column("deadline", .datetime)
                t.column("after_inbound_id", .integer).notNull()  // only later inbound messages answer it
                t.column("created_at", .datetime).notNull()
            }
            // The flows the loaded plugins define (what `moonwire flows start` may start), and
            // the source of every version a run was pinned to, so old runs can still replay.
            try db.create(table: "flow_definition") { t in
                t.primaryKey("name", .text)
                t.column("source_hash", .text).notNull()
                t.column("plugin", .text).notNull()
                t.column("allow_parallel", .boolean).notNull()
                t.column("defined_at", .datetime).notNull()
            }
            try db.create(table: "flow_source") { t in
                t.primaryKey("hash", .text)
                t.column("plugin", .text).notNull()
                t.column("directory", .text)
                t.column("source", .blob).notNull()
                t.column("created_at", .datetime).notNull()
            }
            // Schedules defined by plugins, by name, with their next fire (DESIGN.md §3).
            try db.create(table: "schedule") { t in
                t.primaryKey("name", .text)
                t.column("kind", .text).notNull()  // every | at
                t.column("spec", .text).notNull()  // the cron expression, or the instant
                t.column("tz", .text).notNull()
                t.column("missed", .text).notNull()  // run | skip
                t.column("plugin", .text).notNull()
                t.column("next_fire", .datetime)  // null once a one-shot fired
                t.column("last_fire", .datetime)
                t.column("updated_at", .datetime).notNull()
            }
            try db.create(index: "schedule_next_fire", on: "schedule", columns: ["next_fire"])
            // The sandbox's virtual clock (DESIGN.md §2.9): one row. `target` above `now` is an
            // advance another process asked for; `serve_seen_at` (real time) says a serve runs.
            try db.create(table: "virtual_clock") { t in
                t.primaryKey("id", .integer)
                t.column("now", .datetime).notNull()
                t.column("target", .datetime).notNull()
                t.column("serve_seen_at", .datetime)
            }
        }
        migrator.registerMigration("v11: indexes a status change does not rewrite") { db in
            // A run changes status six times and a send three: indexes holding the status were
            // rewritten at each change. Lookups by number find a handful of runs, filtered after.
            try db.execute(
                sql: """
                    DROP INDEX flow_run_phone;
                    CREATE INDEX flow_run_phone ON flow_run(phone);
                    DROP INDEX flow_run_flow;
                    CREATE INDEX flow_run_flow ON flow_run(flow, phone);
                    DROP INDEX outbox_due;
                    CREATE INDEX outbox_due ON outbox(not_before) WHERE status IN ('pending', 'deferred');
                    """)
        }
        migrator.registerMigration("v12: inbound attempts and poisoned messages") { db in
            // How many times routing began (counted before the handlers run, so a process killed
            // inside a handler still counts), when a deferred message may be routed again (real
            // time: the sandbox's virtual clock may stand still), how many times it was deferred
            // (for the backoff), and the plugins whose handlers a limit stopped. A message set
            // aside after too many stopped attempts has status 'poisoned'.
            try db.execute(
                sql: """
                    ALTER TABLE inbound ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
                    ALTER TABLE inbound ADD COLUMN retries INTEGER NOT NULL DEFAULT 0;
                    ALTER TABLE inbound ADD COLUMN retry_at DATETIME;
                    ALTER TABLE inbound ADD COLUMN failed_plugins TEXT;
                    """)
        }
        return migrator
    }()
}
