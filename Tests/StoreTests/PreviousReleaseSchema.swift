import Foundation
import GRDB

/// The schema the previous release (one migrator, v1-v11, sandbox and engine together) left in
/// a database, as its migrations wrote it: a fixture, never to be changed with the code.
enum PreviousReleaseSchema {
    /// The migrations the previous release recorded, in order.
    static let migrations = [
        "v1: sandbox messages",
        "v2: sandbox credits and webhook endpoints",
        "v3: sandbox replies",
        "v4: sandbox conexteo sends and templates",
        "v5: sandbox conexteo directory and accounts",
        "v6: sandbox webhook deliveries",
        "v7: engine outbox, inbound, stops and cursors",
        "v8: engine contacts, lists and templates",
        "v9: delivery reports and RCS sends",
        "v10: flows, schedules and the virtual clock",
        "v11: indexes a status change does not rewrite",
    ]

    /// Its tables and indexes.
    static let sql = """
            CREATE TABLE "sandbox_message" ("id" TEXT PRIMARY KEY NOT NULL, "to_number" TEXT NOT NULL, "sender" TEXT NOT NULL, "body" TEXT NOT NULL, "encoding" TEXT NOT NULL, "segments" INTEGER NOT NULL, "status" TEXT NOT NULL, "external_id" TEXT UNIQUE, "created_at" DATETIME NOT NULL, "channel" TEXT NOT NULL DEFAULT 'sms', "send_id" TEXT REFERENCES "sandbox_conexteo_send"("id") ON DELETE SET NULL);
            CREATE INDEX "sandbox_message_created_at" ON "sandbox_message"("created_at");
            CREATE TABLE "sandbox_credit" ("account" TEXT PRIMARY KEY NOT NULL, "balance" INTEGER NOT NULL);
            CREATE TABLE "sandbox_webhook_endpoint" ("id" TEXT PRIMARY KEY NOT NULL, "url" TEXT NOT NULL, "description" TEXT NOT NULL, "events" TEXT NOT NULL, "signing_secret" TEXT NOT NULL, "is_active" BOOLEAN NOT NULL, "created_at" DATETIME NOT NULL);
            CREATE TABLE "sandbox_reply" ("seq" INTEGER PRIMARY KEY AUTOINCREMENT, "id" TEXT NOT NULL UNIQUE, "from_number" TEXT NOT NULL, "to_number" TEXT NOT NULL, "body" TEXT NOT NULL, "in_reply_to" TEXT, "received_at" DATETIME NOT NULL);
            CREATE TABLE "sandbox_conexteo_send" ("id" TEXT PRIMARY KEY NOT NULL, "type" TEXT NOT NULL, "content" TEXT NOT NULL, "sender" TEXT NOT NULL, "state" TEXT NOT NULL, "recipients_count" INTEGER NOT NULL, "credits_required" INTEGER NOT NULL, "sms_count" INTEGER NOT NULL, "external_id" TEXT, "shorturl_mode" TEXT, "shorturl_url" TEXT, "rcs_type" TEXT, "rcs_payload" TEXT, "schedule_at" DATETIME, "created_at" DATETIME NOT NULL, "cancelled_at" DATETIME);
            CREATE INDEX "sandbox_conexteo_send_created_at" ON "sandbox_conexteo_send"("created_at");
            CREATE INDEX "sandbox_message_send_id" ON "sandbox_message"("send_id");
            CREATE TABLE "sandbox_conexteo_template" ("id" INTEGER PRIMARY KEY AUTOINCREMENT, "kind" TEXT NOT NULL, "name" TEXT NOT NULL, "content" TEXT, "sender" TEXT, "rcs_type" TEXT, "rcs_text" TEXT, "rcs_card" TEXT, "rcs_carousel" TEXT, "shorturl" TEXT, "fallback_content" TEXT, "fallback_sender" TEXT, "created_at" DATETIME NOT NULL, "updated_at" DATETIME NOT NULL);
            CREATE TABLE "sandbox_conexteo_stop" ("id" INTEGER PRIMARY KEY AUTOINCREMENT, "recipient" TEXT NOT NULL UNIQUE, "created_at" DATETIME NOT NULL);
            CREATE TABLE "sandbox_conexteo_contact_list" ("id" INTEGER PRIMARY KEY AUTOINCREMENT, "name" TEXT NOT NULL, "created_at" DATETIME NOT NULL);
            CREATE TABLE "sandbox_conexteo_contact" ("id" INTEGER PRIMARY KEY AUTOINCREMENT, "list_id" INTEGER NOT NULL REFERENCES "sandbox_conexteo_contact_list"("id") ON DELETE CASCADE, "tel" TEXT NOT NULL, "champ_nom" TEXT, "champ_prenom" TEXT, "champ_mail" TEXT, "champ_adresse" TEXT, "champ_cp" TEXT, "champ_ville" TEXT, "champ_date" TEXT, "champ_perso1" TEXT, "champ_perso2" TEXT, "champ_perso3" TEXT, "champ_perso4" TEXT, "champ_perso5" TEXT, "champ_perso6" TEXT, "champ_perso7" TEXT, "champ_perso8" TEXT, "champ_perso9" TEXT, "champ_perso10" TEXT, "created_at" DATETIME NOT NULL);
            CREATE INDEX "sandbox_conexteo_contact_on_list_id" ON "sandbox_conexteo_contact"("list_id");
            CREATE TABLE "sandbox_conexteo_subaccount" ("id" INTEGER PRIMARY KEY AUTOINCREMENT, "name" TEXT NOT NULL, "email" TEXT NOT NULL UNIQUE COLLATE NOCASE, "credits" INTEGER NOT NULL DEFAULT 0, "credit_mode" TEXT NOT NULL, "created_at" DATETIME NOT NULL);
            CREATE TABLE "sandbox_conexteo_subaccount_credit" ("id" INTEGER PRIMARY KEY AUTOINCREMENT, "subaccount_id" INTEGER NOT NULL REFERENCES "sandbox_conexteo_subaccount"("id") ON DELETE CASCADE, "operation" TEXT NOT NULL, "credits" INTEGER NOT NULL, "balance_after" INTEGER NOT NULL, "created_at" DATETIME NOT NULL);
            CREATE INDEX "sandbox_conexteo_subaccount_credit_on_subaccount_id" ON "sandbox_conexteo_subaccount_credit"("subaccount_id");
            CREATE TABLE "sandbox_webhook_delivery" ("seq" INTEGER PRIMARY KEY AUTOINCREMENT, "endpoint_id" TEXT NOT NULL, "event_id" TEXT NOT NULL, "event_type" TEXT NOT NULL, "message_id" TEXT NOT NULL, "attempt" INTEGER NOT NULL, "status_code" INTEGER, "error" TEXT, "attempted_at" DATETIME NOT NULL);
            CREATE INDEX "sandbox_webhook_delivery_endpoint" ON "sandbox_webhook_delivery"("endpoint_id");
            CREATE TABLE "outbox" ("id" INTEGER PRIMARY KEY AUTOINCREMENT, "dedup_key" TEXT NOT NULL UNIQUE, "to_number" TEXT NOT NULL, "sender" TEXT, "body" TEXT NOT NULL, "class" TEXT NOT NULL, "origin" TEXT NOT NULL, "status" TEXT NOT NULL, "not_before" DATETIME NOT NULL, "attempts" INTEGER NOT NULL DEFAULT 0, "segments" INTEGER NOT NULL, "encoding" TEXT NOT NULL, "provider" TEXT, "provider_message_id" TEXT, "error_code" TEXT, "error_message" TEXT, "created_at" DATETIME NOT NULL, "updated_at" DATETIME NOT NULL, "delivery_status" TEXT, "payload" TEXT);
            CREATE TABLE "inbound" ("id" INTEGER PRIMARY KEY AUTOINCREMENT, "provider" TEXT NOT NULL, "provider_id" TEXT NOT NULL, "from_number" TEXT NOT NULL, "to_number" TEXT NOT NULL, "body" TEXT NOT NULL, "received_at" DATETIME NOT NULL, "status" TEXT NOT NULL, "error" TEXT, "handled_at" DATETIME, UNIQUE ("provider", "provider_id"));
            CREATE INDEX "inbound_status" ON "inbound"("status", "id");
            CREATE TABLE "stop" ("phone" TEXT PRIMARY KEY NOT NULL, "source" TEXT NOT NULL, "created_at" DATETIME NOT NULL);
            CREATE TABLE "cursor" ("name" TEXT PRIMARY KEY NOT NULL, "value" TEXT NOT NULL);
            CREATE TABLE "contact" ("phone" TEXT PRIMARY KEY NOT NULL, "first_name" TEXT, "last_name" TEXT, "email" TEXT, "fields" TEXT NOT NULL, "created_at" DATETIME NOT NULL, "updated_at" DATETIME NOT NULL);
            CREATE TABLE "contact_list" ("name" TEXT PRIMARY KEY NOT NULL, "created_at" DATETIME NOT NULL);
            CREATE TABLE "contact_list_member" ("list" TEXT NOT NULL REFERENCES "contact_list"("name") ON DELETE CASCADE, "phone" TEXT NOT NULL REFERENCES "contact"("phone") ON DELETE CASCADE, PRIMARY KEY ("list", "phone"));
            CREATE TABLE "template" ("name" TEXT PRIMARY KEY NOT NULL, "body" TEXT NOT NULL, "sender" TEXT, "created_at" DATETIME NOT NULL, "updated_at" DATETIME NOT NULL);
            CREATE TABLE "delivery" ("id" INTEGER PRIMARY KEY AUTOINCREMENT, "provider" TEXT NOT NULL, "event_id" TEXT NOT NULL, "message_id" TEXT NOT NULL, "to_number" TEXT NOT NULL, "status" TEXT NOT NULL, "error" TEXT, "occurred_at" DATETIME NOT NULL, "handling" TEXT NOT NULL, "handler_error" TEXT, "handled_at" DATETIME, UNIQUE ("provider", "event_id"));
            CREATE INDEX "delivery_handling" ON "delivery"("handling", "id");
            CREATE INDEX "outbox_provider_message" ON "outbox"("provider_message_id");
            CREATE TABLE "flow_run" ("id" INTEGER PRIMARY KEY AUTOINCREMENT, "flow" TEXT NOT NULL, "phone" TEXT NOT NULL, "status" TEXT NOT NULL, "source_hash" TEXT, "vars" TEXT NOT NULL, "contact" TEXT NOT NULL, "next_wake" DATETIME, "error_code" TEXT, "error" TEXT, "origin" TEXT NOT NULL, "created_at" DATETIME NOT NULL, "updated_at" DATETIME NOT NULL);
            CREATE INDEX "flow_run_due" ON "flow_run"("status", "next_wake");
            CREATE TABLE "flow_journal" ("run_id" INTEGER NOT NULL REFERENCES "flow_run"("id") ON DELETE CASCADE, "step" INTEGER NOT NULL, "kind" TEXT NOT NULL, "args" TEXT NOT NULL, "result" TEXT, "due_at" DATETIME, "at" DATETIME NOT NULL, PRIMARY KEY ("run_id", "step"));
            CREATE TABLE "flow_wait" ("run_id" INTEGER PRIMARY KEY REFERENCES "flow_run"("id") ON DELETE CASCADE, "step" INTEGER NOT NULL, "phone" TEXT NOT NULL, "deadline" DATETIME, "after_inbound_id" INTEGER NOT NULL, "created_at" DATETIME NOT NULL);
            CREATE INDEX "flow_wait_on_phone" ON "flow_wait"("phone");
            CREATE TABLE "flow_definition" ("name" TEXT PRIMARY KEY NOT NULL, "source_hash" TEXT NOT NULL, "plugin" TEXT NOT NULL, "allow_parallel" BOOLEAN NOT NULL, "defined_at" DATETIME NOT NULL);
            CREATE TABLE "flow_source" ("hash" TEXT PRIMARY KEY NOT NULL, "plugin" TEXT NOT NULL, "directory" TEXT, "source" BLOB NOT NULL, "created_at" DATETIME NOT NULL);
            CREATE TABLE "schedule" ("name" TEXT PRIMARY KEY NOT NULL, "kind" TEXT NOT NULL, "spec" TEXT NOT NULL, "tz" TEXT NOT NULL, "missed" TEXT NOT NULL, "plugin" TEXT NOT NULL, "next_fire" DATETIME, "last_fire" DATETIME, "updated_at" DATETIME NOT NULL);
            CREATE INDEX "schedule_next_fire" ON "schedule"("next_fire");
            CREATE TABLE "virtual_clock" ("id" INTEGER PRIMARY KEY, "now" DATETIME NOT NULL, "target" DATETIME NOT NULL, "serve_seen_at" DATETIME);
            CREATE INDEX flow_run_phone ON flow_run(phone);
            CREATE INDEX flow_run_flow ON flow_run(flow, phone);
            CREATE INDEX outbox_due ON outbox(not_before) WHERE status IN ('pending', 'deferred');
        """

    /// What a release that had issue 24's v12 wrote with it.
    static let v12 = (
        name: "v12: inbound attempts and poisoned messages",
        sql: """
            ALTER TABLE inbound ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
            ALTER TABLE inbound ADD COLUMN retries INTEGER NOT NULL DEFAULT 0;
            ALTER TABLE inbound ADD COLUMN retry_at DATETIME;
            ALTER TABLE inbound ADD COLUMN failed_plugins TEXT;
            """
    )

    /// Writes a database at `path` as the previous release would have, with `extra` applied
    /// migration names (a later one it may have had: only ``v12`` is known) and `seed` run on it.
    static func write(at path: String, extra: [String] = [], seed: String) throws {
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in
            try db.execute(sql: sql)
            if extra.contains(v12.name) { try db.execute(sql: v12.sql) }
            try db.execute(sql: "CREATE TABLE grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY)")
            for name in migrations + extra {
                try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES (?)", arguments: [name])
            }
            try db.execute(sql: seed)
        }
    }
}
