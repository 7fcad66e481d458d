import Foundation
import PostgresNIO
import Storage

extension PostgresStore {
    public func enqueueOutbox(_ row: OutboxRow) async throws(StorageError) -> OutboxEnqueue {
        let logger = self.logger
        return try await write("queuing a send to \(row.to)") { db in try await PostgresStore.enqueue(row, db, logger) }
    }

    /// Inserts `row` unless its dedup key is taken (by anyone, even a transaction committing
    /// now: the unique index decides), in the caller's transaction.
    static func enqueue(_ row: OutboxRow, _ db: PostgresConnection, _ logger: Logger) async throws -> OutboxEnqueue {
        if let inserted = try OutboxRow.first(try await db.rows(row.insertQuery, logger)) { return .inserted(inserted) }
        let existing = try OutboxRow.first(
            try await db.rows("SELECT \(unescaped: OutboxRow.columns) FROM outbox WHERE dedup_key = \(row.dedupKey)", logger))
        guard let existing else { throw StorageError(.internal, "send \(row.dedupKey) was neither queued nor found") }
        return .existing(existing)
    }

    /// Takes row `id` for sending if it is pending or deferred and due; the row is locked, so
    /// another instance's claim waits and then finds it taken. Held under `claim`'s lease, so no
    /// other instance's recovery takes it back while the send is in flight.
    public func claimOutbox(id: Int64, now: Date, gate: any SendGate, claim: WorkClaim) async throws(StorageError) -> OutboxClaim {
        let logger = self.logger
        return try await write("claiming send \(id)") { db in
            let rows = try await db.rows(
                "SELECT \(unescaped: OutboxRow.columns), not_before <= \(now.pg) AS due FROM outbox WHERE id = \(id) FOR UPDATE", logger)
            guard let first = rows.first, var row = try OutboxRow.first(rows) else { return .unavailable(nil) }
            let due = try PostgresColumns(first)("due", as: Bool.self)
            guard row.status == .pending || row.status == .deferred, due else { return .unavailable(row) }
            let found = try await PostgresStore.stopped([row.to], db, logger)
            let blocked = gate.blocks(row, recipientStopped: !found.isEmpty)
            return try await PostgresStore.claim(&row, stopped: blocked, claim: claim, now: now, db, logger)
        }
    }

    /// Claims due rows for `claim`'s worker: rows another transaction holds are skipped
    /// (`SKIP LOCKED`), and a claimed row is `sending` under the lease, so no other worker
    /// claims it.
    public func claimDueOutbox(
        now: Date, limit: Int, gate: any SendGate, claim: WorkClaim, excluding: Set<Int64>
    ) async throws(StorageError) -> [OutboxClaim] {
        let logger = self.logger
        let held = Array(excluding)
        return try await write("claiming due sends") { db in
            let due = try OutboxRow.all(
                try await db.rows(
                    """
                    SELECT \(unescaped: OutboxRow.columns) FROM outbox
                    WHERE status IN ('pending', 'deferred') AND not_before <= \(now.pg) AND id <> ALL(\(held))
                    ORDER BY not_before, id LIMIT \(limit) FOR UPDATE SKIP LOCKED
                    """, logger))
            guard !due.isEmpty else { return [] }
            // The stop list as this transaction reads it, asked of the gate row by row.
            let stopped = try await PostgresStore.stopped(due.map(\.to), db, logger)
            var claims: [OutboxClaim] = []
            for var row in due {
                let blocked = gate.blocks(row, recipientStopped: stopped.contains(row.to))
                claims.append(try await PostgresStore.claim(&row, stopped: blocked, claim: claim, now: now, db, logger))
            }
            return claims
        }
    }

    /// Blocks (the gate said so) or claims a locked row, in the caller's transaction.
    private static func claim(
        _ row: inout OutboxRow, stopped: Bool, claim: WorkClaim, now: Date, _ db: PostgresConnection, _ logger: Logger
    ) async throws -> OutboxClaim {
        guard let id = row.id else { return .unavailable(row) }
        row.updatedAt = now
        if stopped {
            row.status = .blocked
            row.errorCode = "opted_out"
            row.errorMessage = "\(row.to) replied STOP: nothing is sent to it until it replies START"
            try await db.execute(
                """
                UPDATE outbox SET status = 'blocked', error_code = \(row.errorCode), error_message = \(row.errorMessage),
                  updated_at = \(now.pg), claimed_by = NULL, lease_until = NULL WHERE id = \(id)
                """, logger)
            return .blocked(row)
        }
        row.status = .sending
        row.attempts += 1
        try await db.execute(
            """
            UPDATE outbox SET status = 'sending', attempts = \(row.attempts), updated_at = \(now.pg),
              claimed_by = \(claim.worker), lease_until = \(claim.until.pg) WHERE id = \(id)
            """, logger)
        return .claimed(row)
    }

    /// The numbers among `phones` on the stop list, read in the caller's transaction.
    static func stopped(_ phones: [String], _ db: PostgresConnection, _ logger: Logger) async throws -> Set<String> {
        guard !phones.isEmpty else { return [] }
        return Set(try await db.rows("SELECT phone FROM stop WHERE phone = ANY(\(Array(Set(phones))))", logger).map { try $0.decode(String.self) })
    }

    public func finishOutbox(
        id: Int64, status: OutboxRow.Status, provider: String?, providerMessageID: String?, alreadyProcessed: Bool,
        errorCode: String?, errorMessage: String?, notBefore: Date?, now: Date
    ) async throws(StorageError) -> OutboxRow {
        let logger = self.logger
        return try await write("recording the outcome of send \(id)") { db in
            // Finishing ends the claim: the lease goes with it.
            let rows = try await db.rows(
                """
                UPDATE outbox SET status = \(status.rawValue), provider = COALESCE(\(provider), provider),
                  provider_message_id = COALESCE(\(providerMessageID), provider_message_id),
                  already_processed = \(alreadyProcessed), error_code = \(errorCode),
                  error_message = \(errorMessage), not_before = COALESCE(\(notBefore.pg), not_before), updated_at = \(now.pg),
                  claimed_by = NULL, lease_until = NULL
                WHERE id = \(id) RETURNING \(unescaped: OutboxRow.columns)
                """, logger)
            guard let row = try OutboxRow.first(rows) else { throw StorageError(.notFound, "send \(id) is not in the outbox") }
            return row
        }
    }

    public func dueOutbox(now: Date, limit: Int) async throws(StorageError) -> [OutboxRow] {
        let logger = self.logger
        return try await read("listing due sends") { db in
            try OutboxRow.all(
                try await db.rows(
                    """
                    SELECT \(unescaped: OutboxRow.columns) FROM outbox WHERE status IN ('pending', 'deferred')
                      AND not_before <= \(now.pg) ORDER BY not_before, id LIMIT \(limit)
                    """, logger))
        }
    }

    public func nextOutboxDue(excluding: Set<Int64>) async throws(StorageError) -> Date? {
        let logger = self.logger
        let held = Array(excluding)
        return try await read("finding the next due send") { db in
            try await db.value(
                "SELECT MIN(not_before) FROM outbox WHERE status IN ('pending', 'deferred') AND id <> ALL(\(held))", logger,
                as: Date?.self) ?? nil
        }
    }

    /// Rows left `sending` by a process that died: only those whose lease lapsed (by the
    /// server's clock) or that had none (written by an earlier version), so a live instance's
    /// sends in flight are left alone.
    public func recoverInterruptedSends(providerDedups: Bool, now: Date) async throws(StorageError) -> Int {
        let logger = self.logger
        let target: OutboxRow.Status = providerDedups ? .pending : .unknown
        return try await write("recovering interrupted sends") { db in
            try await db.execute(
                """
                UPDATE outbox SET status = \(target.rawValue), updated_at = \(now.pg), claimed_by = NULL, lease_until = NULL,
                  error_code = CASE WHEN \(target.rawValue) = 'unknown' THEN 'outcome_unknown' ELSE error_code END,
                  error_message = CASE WHEN \(target.rawValue) = 'unknown'
                    THEN 'Moonwire stopped while sending; the provider has no dedup, so it is not sent again'
                    ELSE error_message END
                WHERE status = 'sending' AND (lease_until IS NULL OR lease_until < now())
                """, logger)
        }
    }

    public func outboxRow(dedupKey: String) async throws(StorageError) -> OutboxRow? {
        let logger = self.logger
        return try await read("reading send \(dedupKey)") { db in
            try OutboxRow.first(try await db.rows("SELECT \(unescaped: OutboxRow.columns) FROM outbox WHERE dedup_key = \(dedupKey)", logger))
        }
    }

    public func outboxRow(provider: String, messageID: String) async throws(StorageError) -> OutboxRow? {
        let logger = self.logger
        return try await read("finding the send of message \(messageID)") { db in
            try OutboxRow.first(
                try await db.rows(
                    """
                    SELECT \(unescaped: OutboxRow.columns) FROM outbox WHERE provider = \(provider)
                      AND provider_message_id = \(messageID) ORDER BY id LIMIT 1
                    """, logger))
        }
    }

    public func outboxRows(statuses: Set<OutboxRow.Status>?, limit: Int) async throws(StorageError) -> [OutboxRow] {
        let logger = self.logger
        let wanted = statuses.map { $0.map(\.rawValue) }
        return try await read("listing the outbox") { db in
            try OutboxRow.all(
                try await db.rows(
                    """
                    SELECT \(unescaped: OutboxRow.columns) FROM outbox
                    WHERE \(wanted == nil) OR status = ANY(\(wanted ?? [])) ORDER BY id DESC LIMIT \(limit)
                    """, logger))
        }
    }

    public func outboxCounts() async throws(StorageError) -> [OutboxRow.Status: Int] {
        let logger = self.logger
        return try await read("counting the outbox") { db in
            var counts: [OutboxRow.Status: Int] = [:]
            for row in try await db.rows("SELECT status, COUNT(*) FROM outbox GROUP BY status", logger) {
                let (status, count) = try row.decode((String, Int).self)
                if let status = OutboxRow.Status(rawValue: status) { counts[status] = count }
            }
            return counts
        }
    }
}
