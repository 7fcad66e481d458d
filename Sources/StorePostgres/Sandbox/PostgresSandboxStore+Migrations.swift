extension PostgresSandboxStore {
    /// The sandbox emulation's schema on PostgreSQL, recorded in its own ledger; never edit a
    /// shipped migration, add one. It starts at SQLite's v1-v6 sandbox schema (same tables,
    /// columns and text vocabularies), with timestamps as timestamptz, ids as bigserial, and a
    /// `seq` column where SQLite's `rowid` ordered rows (insertion order, a poller's position).
    static let migrations: PostgresMigrations = {
        var migrations = PostgresMigrations(ledger: "sandbox_schema_migrations")
        migrations.register(
            "s1: sandbox schema (SQLite v1-v6)",
            [
                // One row per Conexteo send ("campaign"): what `GET /messages` lists and what a
                // cancel acts on. Its id is the `message_id` the send answered.
                """
                CREATE TABLE sandbox_conexteo_send (
                  id text PRIMARY KEY,
                  seq bigserial NOT NULL UNIQUE,
                  type text NOT NULL,
                  content text NOT NULL,
                  sender text NOT NULL,
                  state text NOT NULL,
                  recipients_count bigint NOT NULL,
                  credits_required bigint NOT NULL,
                  sms_count bigint NOT NULL,
                  external_id text,
                  shorturl_mode text,
                  shorturl_url text,
                  rcs_type text,
                  rcs_payload text,
                  schedule_at timestamptz,
                  created_at timestamptz NOT NULL,
                  cancelled_at timestamptz)
                """,
                "CREATE INDEX sandbox_conexteo_send_created_at ON sandbox_conexteo_send (created_at, seq)",
                // Every message the sandbox network accepted; `seq` is its position for the
                // delivery-report poller, and the external id dedups sends like Conexteo's.
                """
                CREATE TABLE sandbox_message (
                  id text PRIMARY KEY,
                  seq bigserial NOT NULL UNIQUE,
                  to_number text NOT NULL,
                  sender text NOT NULL,
                  body text NOT NULL,
                  encoding text NOT NULL,
                  segments bigint NOT NULL,
                  status text NOT NULL,
                  external_id text UNIQUE,
                  created_at timestamptz NOT NULL,
                  channel text NOT NULL DEFAULT 'sms',
                  send_id text REFERENCES sandbox_conexteo_send (id) ON DELETE SET NULL)
                """,
                "CREATE INDEX sandbox_message_created_at ON sandbox_message (created_at, seq)",
                "CREATE INDEX sandbox_message_to_number ON sandbox_message (to_number, created_at, seq)",
                "CREATE INDEX sandbox_message_send_id ON sandbox_message (send_id, seq)",
                // The Conexteo credit balance per account (API key); a missing row means the
                // account still has its starting balance.
                "CREATE TABLE sandbox_credit (account text PRIMARY KEY, balance bigint NOT NULL)",
                // Conerix webhook endpoints created through the sandbox server.
                """
                CREATE TABLE sandbox_webhook_endpoint (
                  id text PRIMARY KEY,
                  seq bigserial NOT NULL UNIQUE,
                  url text NOT NULL,
                  description text NOT NULL,
                  events text NOT NULL,
                  signing_secret text NOT NULL,
                  is_active boolean NOT NULL,
                  created_at timestamptz NOT NULL)
                """,
                // What handsets answered, in `seq` order (a durable cursor for pollers).
                """
                CREATE TABLE sandbox_reply (
                  seq bigserial PRIMARY KEY,
                  id text NOT NULL UNIQUE,
                  from_number text NOT NULL,
                  to_number text NOT NULL,
                  body text NOT NULL,
                  in_reply_to text,
                  received_at timestamptz NOT NULL)
                """,
                // Conexteo's SMS and RCS templates ("modèles"), one id space for both kinds.
                """
                CREATE TABLE sandbox_conexteo_template (
                  id bigserial PRIMARY KEY,
                  kind text NOT NULL,
                  name text NOT NULL,
                  content text,
                  sender text,
                  rcs_type text,
                  rcs_text text,
                  rcs_card text,
                  rcs_carousel text,
                  shorturl text,
                  fallback_content text,
                  fallback_sender text,
                  created_at timestamptz NOT NULL,
                  updated_at timestamptz NOT NULL)
                """,
                // The stop list: one row per opted-out number (E.164); ids are never reused.
                """
                CREATE TABLE sandbox_conexteo_stop (
                  id bigserial PRIMARY KEY, recipient text NOT NULL UNIQUE, created_at timestamptz NOT NULL)
                """,
                "CREATE TABLE sandbox_conexteo_contact_list (id bigserial PRIMARY KEY, name text NOT NULL, created_at timestamptz NOT NULL)",
                """
                CREATE TABLE sandbox_conexteo_contact (
                  id bigserial PRIMARY KEY,
                  list_id bigint NOT NULL REFERENCES sandbox_conexteo_contact_list (id) ON DELETE CASCADE,
                  tel text NOT NULL,
                  champ_nom text, champ_prenom text, champ_mail text, champ_adresse text, champ_cp text, champ_ville text,
                  champ_date text, champ_perso1 text, champ_perso2 text, champ_perso3 text, champ_perso4 text, champ_perso5 text,
                  champ_perso6 text, champ_perso7 text, champ_perso8 text, champ_perso9 text, champ_perso10 text,
                  created_at timestamptz NOT NULL)
                """,
                "CREATE INDEX sandbox_conexteo_contact_list_id ON sandbox_conexteo_contact (list_id, id)",
                // A sub-account's email is unique whatever the case.
                """
                CREATE TABLE sandbox_conexteo_subaccount (
                  id bigserial PRIMARY KEY,
                  name text NOT NULL,
                  email text NOT NULL,
                  credits bigint NOT NULL DEFAULT 0,
                  credit_mode text NOT NULL,
                  created_at timestamptz NOT NULL)
                """,
                "CREATE UNIQUE INDEX sandbox_conexteo_subaccount_email ON sandbox_conexteo_subaccount (lower(email))",
                // Every credit move between the parent account and a sub-account, for its history.
                """
                CREATE TABLE sandbox_conexteo_subaccount_credit (
                  id bigserial PRIMARY KEY,
                  subaccount_id bigint NOT NULL REFERENCES sandbox_conexteo_subaccount (id) ON DELETE CASCADE,
                  operation text NOT NULL,
                  credits bigint NOT NULL,
                  balance_after bigint NOT NULL,
                  created_at timestamptz NOT NULL)
                """,
                "CREATE INDEX sandbox_conexteo_subaccount_credit_subaccount ON sandbox_conexteo_subaccount_credit (subaccount_id, id)",
                // Every attempt of the Conerix emulation to POST an event to a webhook endpoint.
                """
                CREATE TABLE sandbox_webhook_delivery (
                  seq bigserial PRIMARY KEY,
                  endpoint_id text NOT NULL,
                  event_id text NOT NULL,
                  event_type text NOT NULL,
                  message_id text NOT NULL,
                  attempt bigint NOT NULL,
                  status_code bigint,
                  error text,
                  attempted_at timestamptz NOT NULL)
                """,
                "CREATE INDEX sandbox_webhook_delivery_endpoint ON sandbox_webhook_delivery (endpoint_id, seq)",
            ])
        return migrations
    }()
}
