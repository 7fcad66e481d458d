import Foundation
import PostgresNIO
import Storage

extension PostgresStore {
    public func recordInbound(_ messages: [InboundRow], cursor: String?, position: String?) async throws(StorageError) -> [InboundRow] {
        let logger = self.logger
        return try await write("storing \(messages.count) inbound message(s)") { db in
            var stored: [InboundRow] = []
            for message in messages {
                // The unique key decides, even against another instance storing the same reply now.
                if let row = try InboundRow.first(try await db.rows(message.insertQuery, logger)) { stored.append(row) }
            }
            if let cursor, let position { try await PostgresStore.setCursor(cursor, to: position, db, logger) }
            return stored
        }
    }

    /// Moves cursor `name` to `value` in the caller's transaction.
    static func setCursor(_ name: String, to value: String, _ db: PostgresConnection, _ logger: Logger) async throws {
        try await db.execute(
            "INSERT INTO cursor (name, value) VALUES (\(name), \(value)) ON CONFLICT (name) DO UPDATE SET value = EXCLUDED.value", logger)
    }

    public func cursor(_ name: String) async throws(StorageError) -> String? {
        let logger = self.logger
        return try await read("reading cursor \(name)") { db in
            try await db.value("SELECT value FROM cursor WHERE name = \(name)", logger, as: String.self)
        }
    }

    public func pendingInbound(limit: Int, now: Date, excludingSenders: Set<String>) async throws(StorageError) -> [InboundRow] {
        let excluded = Array(excludingSenders)
        let logger = self.logger
        return try await read("listing unrouted inbound messages") { db in
            try InboundRow.all(
                try await db.rows(
                    """
                    SELECT \(unescaped: InboundRow.columns) FROM inbound
                    WHERE status = 'pending' AND (retry_at IS NULL OR retry_at <= \(now.pg))
                      AND NOT (from_number = ANY(\(excluded))) ORDER BY id LIMIT \(limit)
                    """, logger))
        }
    }

    /// The advisory lock every inbound claim takes ("inbound" read as a number): claims run one
    /// at a time, so each sees what the others hold and one number's replies never go to two
    /// workers (`SKIP LOCKED` alone would let two claims each take a different reply of one number).
    static let inboundClaimLock: Int64 = 0x696e_626f_756e_64

    /// Takes, in id order, pending replies that are free, lapsed or already this worker's, none
    /// of a number whose earlier pending reply another live worker holds.
    public func claimPendingInbound(limit: Int, now: Date, excludingSenders: Set<String>, claim: WorkClaim) async throws(StorageError)
        -> [InboundRow]
    {
        let excluded = Array(excludingSenders)
        let logger = self.logger
        // Most polls find nothing to route: a read says so without taking the lock.
        let any = try await read("looking for unrouted inbound messages") { db in
            try await db.value(
                """
                SELECT EXISTS (SELECT 1 FROM inbound WHERE status = 'pending' AND (retry_at IS NULL OR retry_at <= \(now.pg))
                  AND NOT (from_number = ANY(\(excluded))))
                """, logger, as: Bool.self) ?? false
        }
        guard any else { return [] }
        return try await write("claiming unrouted inbound messages") { db in
            try await db.execute("SELECT pg_advisory_xact_lock(\(PostgresStore.inboundClaimLock))", logger)
            return try InboundRow.all(
                try await db.rows(
                    """
                    UPDATE inbound SET claimed_by = \(claim.worker), lease_until = \(claim.until.pg)
                    WHERE id IN (
                      SELECT i.id FROM inbound i
                      WHERE i.status = 'pending' AND (i.retry_at IS NULL OR i.retry_at <= \(now.pg))
                        AND NOT (i.from_number = ANY(\(excluded)))
                        AND (i.claimed_by IS NULL OR i.claimed_by = \(claim.worker) OR i.lease_until < now())
                        AND NOT EXISTS (
                          SELECT 1 FROM inbound e
                          WHERE e.from_number = i.from_number AND e.status = 'pending' AND e.id < i.id
                            AND e.claimed_by <> \(claim.worker) AND e.lease_until >= now())
                      ORDER BY i.id LIMIT \(limit))
                    RETURNING \(unescaped: InboundRow.columns)
                    """, logger)
            ).sorted { ($0.id ?? 0) < ($1.id ?? 0) }
        }
    }

    public func releaseInbound(ids: [Int64], claim: WorkClaim) async throws(StorageError) {
        guard !ids.isEmpty else { return }
        let logger = self.logger
        try await write("releasing \(ids.count) inbound message(s)") { db in
            try await db.execute(
                """
                UPDATE inbound SET claimed_by = NULL, lease_until = NULL
                WHERE id = ANY(\(ids)) AND claimed_by = \(claim.worker) AND status = 'pending'
                """, logger)
        }
    }

    public func finishInbound(id: Int64, error: String?, now: Date) async throws(StorageError) {
        let logger = self.logger
        try await write("marking inbound \(id) handled") { db in
            try await db.execute(
                """
                UPDATE inbound SET status = 'handled', error = \(error), handled_at = \(now.pg), claimed_by = NULL, lease_until = NULL
                WHERE id = \(id)
                """, logger)
        }
    }

    public func recentInbound(limit: Int) async throws(StorageError) -> [InboundRow] {
        let logger = self.logger
        return try await read("listing inbound messages") { db in
            try InboundRow.all(try await db.rows("SELECT \(unescaped: InboundRow.columns) FROM inbound ORDER BY id DESC LIMIT \(limit)", logger))
        }
    }

    public func inboundCounts() async throws(StorageError) -> (pending: Int, handled: Int) {
        let logger = self.logger
        return try await read("counting inbound messages") { db in
            let row = try await db.rows(
                """
                SELECT COUNT(*) FILTER (WHERE status = 'pending'), COUNT(*) FILTER (WHERE status = 'handled') FROM inbound
                """, logger
            ).first
            let (pending, handled) = try row?.decode((Int, Int).self) ?? (0, 0)
            return (pending, handled)
        }
    }

    /// Begins only under the caller's claim: a reply another live worker holds is its to route.
    public func beginInboundAttempt(id: Int64, claim: WorkClaim) async throws(StorageError) -> Int? {
        let logger = self.logger
        return try await write("counting an attempt at inbound \(id)") { db in
            try await db.value(
                """
                UPDATE inbound i SET attempts = attempts + 1, claimed_by = \(claim.worker), lease_until = \(claim.until.pg)
                WHERE i.id = \(id) AND i.status = 'pending'
                  AND (i.claimed_by IS NULL OR i.claimed_by = \(claim.worker) OR i.lease_until < now())
                  -- A worker that stalled past its lease may still hold this reply while another
                  -- took over an earlier one of the same number: it must wait, not answer out of order.
                  AND NOT EXISTS (
                    SELECT 1 FROM inbound e
                    WHERE e.from_number = i.from_number AND e.status = 'pending' AND e.id < i.id
                      AND e.claimed_by <> \(claim.worker) AND e.lease_until >= now())
                RETURNING i.attempts
                """, logger, as: Int.self)
        }
    }

    public func deferInbound(id: Int64, retryAt: Date, error: String, plugins: [String], countsAsAttempt: Bool) async throws(StorageError) {
        let logger = self.logger
        let failed = plugins.isEmpty ? nil : plugins.joined(separator: ",")
        let uncount = countsAsAttempt ? 0 : 1
        try await write("deferring inbound \(id)") { db in
            try await db.execute(
                """
                UPDATE inbound SET retry_at = \(retryAt.pg), retries = retries + 1, error = \(error), failed_plugins = \(failed),
                  attempts = attempts - \(uncount), claimed_by = NULL, lease_until = NULL WHERE id = \(id) AND status = 'pending'
                """, logger)
        }
    }

    public func inboundRetries(id: Int64) async throws(StorageError) -> Int {
        let logger = self.logger
        return try await read("reading the retries of inbound \(id)") { db in
            try await db.value("SELECT retries FROM inbound WHERE id = \(id)", logger, as: Int.self) ?? 0
        }
    }

    public func poisonInbound(id: Int64, error: String, plugins: [String], attempts: Int, now: Date) async throws(StorageError) {
        let logger = self.logger
        let failed = plugins.isEmpty ? nil : plugins.joined(separator: ",")
        try await write("setting inbound \(id) aside") { db in
            try await db.execute(
                """
                UPDATE inbound SET status = 'poisoned', error = \(error), failed_plugins = \(failed), attempts = \(attempts),
                  handled_at = \(now.pg), retry_at = NULL, claimed_by = NULL, lease_until = NULL WHERE id = \(id)
                """, logger)
        }
    }

    public func poisonedInbound(limit: Int) async throws(StorageError) -> [FailedInboundRow] {
        let logger = self.logger
        return try await read("listing poisoned inbound messages") { db in
            try FailedInboundRow.all(
                try await db.rows(
                    "SELECT \(unescaped: FailedInboundRow.columns) FROM inbound WHERE status = 'poisoned' ORDER BY id LIMIT \(limit)", logger))
        }
    }

    public func retryPoisonedInbound(ids: [Int64]?) async throws(StorageError) -> [Int64] {
        let logger = self.logger
        return try await write("routing poisoned inbound messages again") { db in
            try await db.rows(
                """
                UPDATE inbound SET status = 'pending', attempts = 0, retries = 0, retry_at = NULL, error = NULL,
                  failed_plugins = NULL, handled_at = NULL
                WHERE status = 'poisoned' AND (\(ids == nil) OR id = ANY(\(ids ?? [])))
                RETURNING id
                """, logger
            ).map { try $0.decode(Int64.self) }.sorted()
        }
    }
}
