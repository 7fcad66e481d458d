extension PostgresStore {
    /// The engine's schema on PostgreSQL, one migration per change; never edit a shipped one,
    /// add one. It starts at SQLite's v13 schema (same tables, columns and text vocabularies),
    /// with timestamps as timestamptz, ids as bigserial, and the lease columns of claimed work
    /// (`claimed_by`, `lease_until`).
    static let migrations: PostgresMigrations = {
        var migrations = PostgresMigrations()
        migrations.register(
            "p1: engine schema (SQLite v7-v13) with leases",
            [
                // Every send, committed with its dedup key before any network call (DESIGN.md §2.4).
                // A claimed row is `sending` for `claimed_by` until `lease_until`.
                """
                CREATE TABLE outbox (
                  id bigserial PRIMARY KEY,
                  dedup_key text NOT NULL UNIQUE,
                  to_number text NOT NULL,
                  sender text,
                  body text NOT NULL,
                  send_class text NOT NULL,
                  origin text NOT NULL,
                  status text NOT NULL,
                  not_before timestamptz NOT NULL,
                  attempts bigint NOT NULL DEFAULT 0,
                  segments bigint NOT NULL,
                  encoding text NOT NULL,
                  provider text,
                  provider_message_id text,
                  error_code text,
                  error_message text,
                  created_at timestamptz NOT NULL,
                  updated_at timestamptz NOT NULL,
                  delivery_status text,
                  payload text,
                  flow_run_id bigint,
                  claimed_by text,
                  lease_until timestamptz)
                """,
                "CREATE INDEX outbox_due ON outbox (not_before, id) WHERE status IN ('pending', 'deferred')",
                "CREATE INDEX outbox_sending ON outbox (lease_until) WHERE status = 'sending'",
                "CREATE INDEX outbox_provider_message ON outbox (provider_message_id)",
                "CREATE INDEX outbox_flow_run ON outbox (flow_run_id) WHERE flow_run_id IS NOT NULL",
                // Every inbound message, once per provider id, before any handler runs.
                """
                CREATE TABLE inbound (
                  id bigserial PRIMARY KEY,
                  provider text NOT NULL,
                  provider_id text NOT NULL,
                  from_number text NOT NULL,
                  to_number text NOT NULL,
                  body text NOT NULL,
                  received_at timestamptz NOT NULL,
                  status text NOT NULL,
                  error text,
                  handled_at timestamptz,
                  attempts bigint NOT NULL DEFAULT 0,
                  retries bigint NOT NULL DEFAULT 0,
                  retry_at timestamptz,
                  failed_plugins text,
                  UNIQUE (provider, provider_id))
                """,
                "CREATE INDEX inbound_status ON inbound (status, id)",
                "CREATE TABLE stop (phone text PRIMARY KEY, source text NOT NULL, created_at timestamptz NOT NULL)",
                "CREATE TABLE cursor (name text PRIMARY KEY, value text NOT NULL)",
                // The local directory.
                """
                CREATE TABLE contact (
                  phone text PRIMARY KEY, first_name text, last_name text, email text, fields text NOT NULL,
                  created_at timestamptz NOT NULL, updated_at timestamptz NOT NULL)
                """,
                "CREATE TABLE contact_list (name text PRIMARY KEY, created_at timestamptz NOT NULL)",
                """
                CREATE TABLE contact_list_member (
                  list text NOT NULL REFERENCES contact_list (name) ON DELETE CASCADE,
                  phone text NOT NULL REFERENCES contact (phone) ON DELETE CASCADE,
                  PRIMARY KEY (list, phone))
                """,
                "CREATE INDEX contact_list_member_phone ON contact_list_member (phone)",
                """
                CREATE TABLE template (
                  name text PRIMARY KEY, body text NOT NULL, sender text, created_at timestamptz NOT NULL,
                  updated_at timestamptz NOT NULL)
                """,
                // Delivery reports, once per provider event.
                """
                CREATE TABLE delivery (
                  id bigserial PRIMARY KEY,
                  provider text NOT NULL,
                  event_id text NOT NULL,
                  message_id text NOT NULL,
                  to_number text NOT NULL,
                  status text NOT NULL,
                  error text,
                  occurred_at timestamptz NOT NULL,
                  handling text NOT NULL,
                  handler_error text,
                  handled_at timestamptz,
                  UNIQUE (provider, event_id))
                """,
                "CREATE INDEX delivery_handling ON delivery (handling, id)",
                // Flow runs (DESIGN.md §2.5); an active run executing is held by `claimed_by`
                // until `lease_until`.
                """
                CREATE TABLE flow_run (
                  id bigserial PRIMARY KEY,
                  flow text NOT NULL,
                  phone text NOT NULL,
                  status text NOT NULL,
                  source_hash text,
                  vars text NOT NULL,
                  contact text NOT NULL,
                  next_wake timestamptz,
                  error_code text,
                  error text,
                  origin text NOT NULL,
                  created_at timestamptz NOT NULL,
                  updated_at timestamptz NOT NULL,
                  claimed_by text,
                  lease_until timestamptz)
                """,
                "CREATE INDEX flow_run_due ON flow_run (next_wake, id) WHERE status IN ('sleeping', 'waiting')",
                "CREATE INDEX flow_run_active ON flow_run (id) WHERE status = 'active'",
                "CREATE INDEX flow_run_phone ON flow_run (phone)",
                "CREATE INDEX flow_run_flow ON flow_run (flow, phone)",
                """
                CREATE TABLE flow_journal (
                  run_id bigint NOT NULL REFERENCES flow_run (id) ON DELETE CASCADE,
                  step bigint NOT NULL,
                  kind text NOT NULL,
                  args text NOT NULL,
                  result text,
                  due_at timestamptz,
                  at timestamptz NOT NULL,
                  PRIMARY KEY (run_id, step))
                """,
                """
                CREATE TABLE flow_wait (
                  run_id bigint PRIMARY KEY REFERENCES flow_run (id) ON DELETE CASCADE,
                  step bigint NOT NULL,
                  phone text NOT NULL,
                  deadline timestamptz,
                  after_inbound_id bigint NOT NULL,
                  created_at timestamptz NOT NULL)
                """,
                "CREATE INDEX flow_wait_phone ON flow_wait (phone)",
                """
                CREATE TABLE flow_definition (
                  name text PRIMARY KEY, source_hash text NOT NULL, plugin text NOT NULL, allow_parallel boolean NOT NULL,
                  defined_at timestamptz NOT NULL)
                """,
                """
                CREATE TABLE flow_source (
                  hash text PRIMARY KEY, plugin text NOT NULL, directory text, source bytea NOT NULL,
                  created_at timestamptz NOT NULL)
                """,
                // Schedules by name; a due fire is held by `claimed_by` until `lease_until` or
                // until its fire is recorded.
                """
                CREATE TABLE schedule (
                  name text PRIMARY KEY,
                  kind text NOT NULL,
                  spec text NOT NULL,
                  tz text NOT NULL,
                  missed text NOT NULL,
                  plugin text NOT NULL,
                  next_fire timestamptz,
                  last_fire timestamptz,
                  updated_at timestamptz NOT NULL,
                  claimed_by text,
                  lease_until timestamptz)
                """,
                "CREATE INDEX schedule_next_fire ON schedule (next_fire)",
                // The sandbox's virtual clock: one row.
                """
                CREATE TABLE virtual_clock (
                  id bigint PRIMARY KEY, now timestamptz NOT NULL, target timestamptz NOT NULL, serve_seen_at timestamptz)
                """,
            ])
        migrations.register(
            "p2: fleet workers, named leases, inbound claims",
            [
                // Each instance's record: its heartbeat moves `lease_until`, the expiry of
                // everything it holds.
                """
                CREATE TABLE fleet_worker (
                  id text PRIMARY KEY, host text NOT NULL, pid bigint NOT NULL, backend text NOT NULL,
                  started_at timestamptz NOT NULL, heartbeat_at timestamptz NOT NULL, lease_until timestamptz NOT NULL)
                """,
                // Singleton jobs (pollers owning a cursor): one holder at a time.
                """
                CREATE TABLE fleet_lease (
                  name text PRIMARY KEY, holder text NOT NULL, lease_until timestamptz NOT NULL, acquired_at timestamptz NOT NULL)
                """,
                // A pending reply is routed by the worker that claimed it, one number's in order.
                "ALTER TABLE inbound ADD COLUMN claimed_by text, ADD COLUMN lease_until timestamptz",
                "CREATE INDEX inbound_pending_from ON inbound (from_number, id) WHERE status = 'pending'",
                // What a heartbeat extends and a stop releases, found by holder.
                "CREATE INDEX outbox_claimed_by ON outbox (claimed_by) WHERE claimed_by IS NOT NULL",
                "CREATE INDEX flow_run_claimed_by ON flow_run (claimed_by) WHERE claimed_by IS NOT NULL",
                "CREATE INDEX inbound_claimed_by ON inbound (claimed_by) WHERE claimed_by IS NOT NULL",
            ])
        migrations.register(
            "p3: plugin state",
            [
                // Lua's `state`: each plugin's keys (compared byte by byte), JSON values, an
                // optional expiry on the engine's clock.
                """
                CREATE TABLE plugin_state (
                  plugin text NOT NULL, key text COLLATE "C" NOT NULL, value text NOT NULL, expires_at timestamptz,
                  updated_at timestamptz NOT NULL, PRIMARY KEY (plugin, key))
                """,
                // The results of the writes flow steps made: a step re-run after a crash does not
                // apply its write twice.
                "CREATE TABLE plugin_state_step (run_id bigint NOT NULL, step bigint NOT NULL, result text NOT NULL, PRIMARY KEY (run_id, step))",
            ])
        migrations.register(
            "p4: outbox rows say when the provider had processed their key",
            ["ALTER TABLE outbox ADD COLUMN already_processed boolean NOT NULL DEFAULT false"])
        return migrations
    }()
}
