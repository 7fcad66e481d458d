import Foundation
import GRDB
import Storage

extension SQLiteStore {
    public var backend: String { "sqlite" }

    public func schemaMigrations() async throws(StorageError) -> [(name: String, applied: Bool)] {
        let applied = try await read("reading the schema's migrations") { db in Set(try SQLiteStore.migrations.applied(db)) }
        return SQLiteStore.migrations.steps.map { ($0.name, applied.contains($0.name)) }
    }

    public func registerWorker(_ worker: WorkerRow, until: Date) async throws(StorageError) {
        try await write("registering worker \(worker.id)") { db in
            let now = Date()
            try db.execute(
                sql: """
                    INSERT OR REPLACE INTO fleet_worker (id, host, pid, backend, started_at, heartbeat_at, lease_until)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    worker.id, worker.host, worker.pid, worker.backend, worker.startedAt.storageText, now.storageText, until.storageText,
                ])
            // Records of workers lapsed for a day are history: `moonwire fleet` stops listing them.
            try db.execute(sql: "DELETE FROM fleet_worker WHERE lease_until < ?", arguments: [now.addingTimeInterval(-86_400).storageText])
        }
    }

    /// One process holds the file, so its claims on rows need no renewal; its record and its
    /// named leases do.
    public func heartbeat(worker: String, until: Date) async throws(StorageError) -> Int? {
        try await write("renewing the claims of worker \(worker)") { db in
            try db.execute(
                sql: "UPDATE fleet_worker SET heartbeat_at = ?, lease_until = ? WHERE id = ?",
                arguments: [Date().storageText, until.storageText, worker])
            guard db.changesCount > 0 else { return nil }
            try db.execute(sql: "UPDATE fleet_lease SET lease_until = ? WHERE holder = ?", arguments: [until.storageText, worker])
            return db.changesCount
        }
    }

    public func deregisterWorker(_ worker: String) async throws(StorageError) {
        try await write("deregistering worker \(worker)") { db in
            try db.execute(sql: "DELETE FROM fleet_lease WHERE holder = ?", arguments: [worker])
            try db.execute(sql: "DELETE FROM fleet_worker WHERE id = ?", arguments: [worker])
        }
    }

    public func workers() async throws(StorageError) -> [WorkerStatus] {
        try await read("listing the fleet") { db in
            let now = Date()
            let leases = try Row.fetchAll(db, sql: "SELECT holder, name FROM fleet_lease ORDER BY name")
            var held: [String: [String]] = [:]
            for row in leases { held[row["holder"] as String, default: []].append(row["name"]) }
            let statuses = try Row.fetchAll(db, sql: "SELECT * FROM fleet_worker ORDER BY started_at, id").map { row -> WorkerStatus in
                let id: String = row["id"]
                let leaseUntil: Date = row["lease_until"]
                return WorkerStatus(
                    worker: WorkerRow(id: id, host: row["host"], pid: row["pid"], backend: row["backend"], startedAt: row["started_at"]),
                    heartbeatAt: row["heartbeat_at"], leaseUntil: leaseUntil, live: leaseUntil >= now, claims: held[id]?.count ?? 0,
                    leases: held[id] ?? [])
            }
            return statuses.filter(\.live) + statuses.filter { !$0.live }
        }
    }

    /// One serve works on the file, so the lease is trivially held: taking it always succeeds
    /// (a serve restarted after a kill must not wait for the dead one's lease to lapse); the
    /// row records the holder for `moonwire fleet`.
    public func acquireLease(_ name: String, claim: WorkClaim) async throws(StorageError) -> Bool {
        try await write("taking lease \(name)") { db in
            try db.cachedStatement(
                sql: """
                    INSERT INTO fleet_lease (name, holder, lease_until, acquired_at) VALUES (?, ?, ?, ?)
                    ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, lease_until = excluded.lease_until,
                      acquired_at = CASE WHEN fleet_lease.holder = excluded.holder THEN fleet_lease.acquired_at ELSE excluded.acquired_at END
                    """
            ).execute(arguments: [name, claim.worker, claim.until.storageText, Date().storageText])
            return true
        }
    }

    public func releaseLease(_ name: String, worker: String) async throws(StorageError) {
        try await write("releasing lease \(name)") { db in
            try db.execute(sql: "DELETE FROM fleet_lease WHERE name = ? AND holder = ?", arguments: [name, worker])
        }
    }

    /// One process holds the file, and its start recovered what an earlier one left: a send
    /// `sending` now is its own, in flight.
    public func recoverLapsedSends(providerDedups: Bool, now: Date) async throws(StorageError) -> Int { 0 }
}
