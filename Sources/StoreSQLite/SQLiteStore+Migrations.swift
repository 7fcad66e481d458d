import GRDB

extension SQLiteStore {
    /// The engine's schema, one migration per change; never edit a shipped migration, add one.
    /// Its names go on from v7: v1-v6 were the sandbox's, which now keeps its own list
    /// (SQLiteSandboxStore.migrations) in the same `grdb_migrations` table, so a database written
    /// before the split finds both applied.
    static let migrations: SchemaMigrations = {
        var migrations = SchemaMigrations()
        migrations.register("v7: engine outbox, inbound, stops and cursors") { db in
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
        migrations.register("v8: engine contacts, lists and templates") { db in
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
        migrations.register("v9: delivery reports and RCS sends") { db in
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
        migrations.register("v10: flows, schedules and the virtual clock") { db in
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
        migrations.register("v11: indexes a status change does not rewrite") { db in
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
        migrations.register("v12: inbound attempts and poisoned messages") { db in
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
        migrations.register("v13: outbox rows name their flow run") { db in
            // The run that queued a send, so cancelling a run cancels its sends without parsing
            // their dedup keys; sends queued before keep theirs, read once from the `flow:<run>:`
            // prefix every flow send's key had.
            try db.execute(
                sql: """
                    ALTER TABLE outbox ADD COLUMN flow_run_id INTEGER;
                    UPDATE outbox SET flow_run_id = CAST(substr(dedup_key, 6, instr(substr(dedup_key, 6), ':') - 1) AS INTEGER)
                      WHERE dedup_key LIKE 'flow:%:%';
                    CREATE INDEX outbox_flow_run ON outbox(flow_run_id) WHERE flow_run_id IS NOT NULL;
                    """)
        }
        migrations.register("v14: fleet workers and named leases") { db in
            // The instances working on the database (one process, on SQLite) and the singleton
            // jobs they hold, so `moonwire fleet` reads the same on every backend.
            try db.execute(
                sql: """
                    CREATE TABLE fleet_worker (
                      id TEXT PRIMARY KEY, host TEXT NOT NULL, pid INTEGER NOT NULL, backend TEXT NOT NULL,
                      started_at DATETIME NOT NULL, heartbeat_at DATETIME NOT NULL, lease_until DATETIME NOT NULL);
                    CREATE TABLE fleet_lease (
                      name TEXT PRIMARY KEY, holder TEXT NOT NULL, lease_until DATETIME NOT NULL, acquired_at DATETIME NOT NULL);
                    """)
        }
        migrations.register("v15: plugin state") { db in
            // Lua's `state`: each plugin's keys, JSON values, an optional expiry on the engine's
            // clock; and the results of the writes flow steps made, so a step re-run after a
            // crash does not apply its write twice.
            try db.execute(
                sql: """
                    CREATE TABLE plugin_state (
                      plugin TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, expires_at DATETIME,
                      updated_at DATETIME NOT NULL, PRIMARY KEY (plugin, key));
                    CREATE TABLE plugin_state_step (
                      run_id INTEGER NOT NULL, step INTEGER NOT NULL, result TEXT NOT NULL, PRIMARY KEY (run_id, step));
                    """)
        }
        migrations.register("v16: outbox rows say when the provider had processed their key") { db in
            try db.execute(sql: "ALTER TABLE outbox ADD COLUMN already_processed BOOLEAN NOT NULL DEFAULT 0")
        }
        return migrations
    }()
}
