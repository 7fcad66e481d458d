import Foundation
import PostgresNIO
import Storage

extension PostgresStore {
    public var backend: String { "postgres" }

    public func schemaMigrations() async throws(StorageError) -> [(name: String, applied: Bool)] {
        let logger = self.logger
        return try await read("reading the schema's migrations") { db in try await PostgresStore.migrations.status(db, logger) }
    }

    public func registerWorker(_ worker: WorkerRow, until: Date) async throws(StorageError) {
        let logger = self.logger
        try await write("registering worker \(worker.id)") { db in
            try await db.execute(
                """
                INSERT INTO fleet_worker (id, host, pid, backend, started_at, heartbeat_at, lease_until)
                VALUES (\(worker.id), \(worker.host), \(worker.pid), \(worker.backend), \(worker.startedAt.pg), now(), \(until.pg))
                ON CONFLICT (id) DO UPDATE SET host = EXCLUDED.host, pid = EXCLUDED.pid, backend = EXCLUDED.backend,
                  started_at = EXCLUDED.started_at, heartbeat_at = now(), lease_until = EXCLUDED.lease_until
                """, logger)
            // Records of workers lapsed for a day are history: `moonwire fleet` stops listing them.
            try await db.execute("DELETE FROM fleet_worker WHERE lease_until < now() - interval '1 day'", logger)
        }
    }

    /// One transaction: the worker's record and every claim it holds move to `until` together.
    public func heartbeat(worker: String, until: Date) async throws(StorageError) -> Int? {
        let logger = self.logger
        return try await write("renewing the claims of worker \(worker)") { db in
            guard
                try await db.execute(
                    "UPDATE fleet_worker SET heartbeat_at = now(), lease_until = \(until.pg) WHERE id = \(worker)", logger) > 0
            else { return nil }
            var held = 0
            held += try await db.execute(
                "UPDATE outbox SET lease_until = \(until.pg) WHERE claimed_by = \(worker) AND status = 'sending'", logger)
            held += try await db.execute(
                "UPDATE flow_run SET lease_until = \(until.pg) WHERE claimed_by = \(worker) AND status = 'active'", logger)
            held += try await db.execute("UPDATE schedule SET lease_until = \(until.pg) WHERE claimed_by = \(worker)", logger)
            held += try await db.execute(
                "UPDATE inbound SET lease_until = \(until.pg) WHERE claimed_by = \(worker) AND status = 'pending'", logger)
            held += try await db.execute("UPDATE fleet_lease SET lease_until = \(until.pg) WHERE holder = \(worker)", logger)
            return held
        }
    }

    public func deregisterWorker(_ worker: String) async throws(StorageError) {
        let logger = self.logger
        try await write("deregistering worker \(worker)") { db in
            try await db.execute("UPDATE flow_run SET claimed_by = NULL, lease_until = NULL WHERE claimed_by = \(worker)", logger)
            try await db.execute("UPDATE schedule SET claimed_by = NULL, lease_until = NULL WHERE claimed_by = \(worker)", logger)
            try await db.execute("UPDATE inbound SET claimed_by = NULL, lease_until = NULL WHERE claimed_by = \(worker)", logger)
            try await db.execute("DELETE FROM fleet_lease WHERE holder = \(worker)", logger)
            // A send still in flight may have reached the provider: it is not simply released,
            // its lease lapses, so recovery applies the exactly-once rules to it.
            try await db.execute(
                """
                UPDATE outbox SET lease_until = now() - interval '1 second' WHERE claimed_by = \(worker) AND status = 'sending'
                """, logger)
            try await db.execute("DELETE FROM fleet_worker WHERE id = \(worker)", logger)
        }
    }

    public func workers() async throws(StorageError) -> [WorkerStatus] {
        let logger = self.logger
        return try await read("listing the fleet") { db in
            try await db.rows(
                """
                SELECT w.id, w.host, w.pid, w.backend, w.started_at, w.heartbeat_at, w.lease_until, w.lease_until >= now() AS live,
                  (SELECT COUNT(*) FROM outbox WHERE claimed_by = w.id AND status = 'sending')
                  + (SELECT COUNT(*) FROM flow_run WHERE claimed_by = w.id AND status = 'active')
                  + (SELECT COUNT(*) FROM schedule WHERE claimed_by = w.id)
                  + (SELECT COUNT(*) FROM inbound WHERE claimed_by = w.id AND status = 'pending')
                  + (SELECT COUNT(*) FROM fleet_lease WHERE holder = w.id) AS claims,
                  COALESCE((SELECT array_agg(name ORDER BY name) FROM fleet_lease WHERE holder = w.id), '{}'::text[]) AS leases
                FROM fleet_worker w ORDER BY live DESC, w.started_at, w.id
                """, logger
            ).map { row in
                let c = PostgresColumns(row)
                return WorkerStatus(
                    worker: WorkerRow(
                        id: try c("id"), host: try c("host"), pid: try c("pid"), backend: try c("backend"), startedAt: try c("started_at")),
                    heartbeatAt: try c("heartbeat_at"), leaseUntil: try c("lease_until"), live: try c("live"), claims: try c("claims"),
                    leases: try c("leases"))
            }
        }
    }

    /// The row is taken only when free, lapsed (by the server's clock) or already the caller's;
    /// the primary key decides between two instances taking it at once.
    public func acquireLease(_ name: String, claim: WorkClaim) async throws(StorageError) -> Bool {
        let logger = self.logger
        return try await write("taking lease \(name)") { db in
            try await db.rows(
                """
                INSERT INTO fleet_lease (name, holder, lease_until, acquired_at) VALUES (\(name), \(claim.worker), \(claim.until.pg), now())
                ON CONFLICT (name) DO UPDATE SET holder = EXCLUDED.holder, lease_until = EXCLUDED.lease_until,
                  acquired_at = CASE WHEN fleet_lease.holder = EXCLUDED.holder THEN fleet_lease.acquired_at ELSE now() END
                WHERE fleet_lease.holder = EXCLUDED.holder OR fleet_lease.lease_until < now()
                RETURNING holder
                """, logger
            ).count > 0
        }
    }

    public func releaseLease(_ name: String, worker: String) async throws(StorageError) {
        let logger = self.logger
        try await write("releasing lease \(name)") { db in
            try await db.execute("DELETE FROM fleet_lease WHERE name = \(name) AND holder = \(worker)", logger)
        }
    }

    public func recoverLapsedSends(providerDedups: Bool, now: Date) async throws(StorageError) -> Int {
        try await recoverInterruptedSends(providerDedups: providerDedups, now: now)
    }
}
