import Foundation
import GRDB
import Storage

extension SQLiteStore {
    /// Commits `row` unless its dedup key is already in the outbox.
    public func enqueueOutbox(_ row: OutboxRow) async throws(StorageError) -> OutboxEnqueue {
        try await write("queuing a send to \(row.to)") { db in
            if let existing = try OutboxRow.fetchOne(
                db.cachedStatement(sql: "SELECT * FROM outbox WHERE dedup_key = ?"), arguments: [row.dedupKey])
            {
                return .existing(existing)
            }
            var stored = row
            try stored.insertCached(db)
            return .inserted(stored)
        }
    }

    /// Takes row `id` for sending if it is pending or deferred and due at `now`; asks `gate`
    /// with the stop list read in the same transaction, so an opt-out that lands first always wins.
    /// One process holds the whole database: the claim's worker is the only one.
    public func claimOutbox(id: Int64, now: Date, gate: any SendGate, claim: WorkClaim) async throws(StorageError) -> OutboxClaim {
        try await write("claiming send \(id)") { db in try SQLiteStore.claimOutbox(id: id, now: now, gate: gate, db) }
    }

    /// One process holds the whole database: claiming due rows is reading them and claiming
    /// each in the same transaction (the worker and its lease matter to shared backends).
    public func claimDueOutbox(
        now: Date, limit: Int, gate: any SendGate, claim: WorkClaim, excluding: Set<Int64>
    ) async throws(StorageError) -> [OutboxClaim] {
        // Read past the rows held back so they cannot fill the limit.
        let due = try await dueOutbox(now: now, limit: limit + excluding.count)
            .filter { $0.id.map { !excluding.contains($0) } ?? false }.prefix(limit)
        guard !due.isEmpty else { return [] }
        return try await write("claiming \(due.count) due send(s)") { db in
            try due.compactMap { row in
                guard let id = row.id else { return nil }
                let claimed = try SQLiteStore.claimOutbox(id: id, now: now, gate: gate, db)
                if case .unavailable = claimed { return nil }
                return claimed
            }
        }
    }

    /// One claim, in the caller's transaction.
    private static func claimOutbox(id: Int64, now: Date, gate: any SendGate, _ db: Database) throws -> OutboxClaim {
        guard var row = try OutboxRow.fetchOne(db.cachedStatement(sql: "SELECT * FROM outbox WHERE id = ?"), arguments: [id])
        else { return .unavailable(nil) }
        // Compared in SQL, where both sides are stored dates (rounded to the millisecond): a
        // row queued for "now" and read back as a Date could look a fraction of a ms ahead.
        let due =
            try Bool.fetchOne(
                db.cachedStatement(sql: "SELECT not_before <= ? FROM outbox WHERE id = ?"), arguments: [now.storageText, id]) ?? false
        guard row.status == .pending || row.status == .deferred, due else {
            return .unavailable(row)
        }
        row.updatedAt = now
        if try gate.blocks(row, recipientStopped: isStopped(row.to, db)) {
            row.status = .blocked
            row.errorCode = "opted_out"
            row.errorMessage = "\(row.to) replied STOP: nothing is sent to it until it replies START"
            try row.update(db)
            return .blocked(row)
        }
        row.status = .sending
        row.attempts += 1
        try row.update(db)
        return .claimed(row)
    }

    /// True when `phone` is on the stop list, read in the caller's transaction.
    static func isStopped(_ phone: String, _ db: Database) throws -> Bool {
        try Bool.fetchOne(db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM stop WHERE phone = ?)"), arguments: [phone]) == true
    }

    /// Records the outcome of a dispatch of row `id`.
    public func finishOutbox(
        id: Int64, status: OutboxRow.Status, provider: String?, providerMessageID: String?, alreadyProcessed: Bool,
        errorCode: String?, errorMessage: String?, notBefore: Date?, now: Date
    ) async throws(StorageError) -> OutboxRow {
        try await write("recording the outcome of send \(id)") { db in
            // Cached statements: every send ends here.
            guard var row = try OutboxRow.fetchOne(db.cachedStatement(sql: "SELECT * FROM outbox WHERE id = ?"), arguments: [id])
            else {
                throw StorageError(.notFound, "send \(id) is not in the outbox")
            }
            row.status = status
            row.provider = provider ?? row.provider
            row.providerMessageID = providerMessageID ?? row.providerMessageID
            row.alreadyProcessed = alreadyProcessed
            row.errorCode = errorCode
            row.errorMessage = errorMessage
            if let notBefore { row.notBefore = notBefore }
            row.updatedAt = now
            try db.cachedStatement(
                sql: """
                    UPDATE outbox SET status = ?, provider = ?, provider_message_id = ?, already_processed = ?, error_code = ?,
                      error_message = ?, not_before = ?, updated_at = ? WHERE id = ?
                    """
            ).execute(arguments: [
                row.status.rawValue, row.provider, row.providerMessageID, row.alreadyProcessed, row.errorCode, row.errorMessage,
                row.notBefore.storageText, now.storageText, id,
            ])
            return row
        }
    }

    /// Rows the dispatcher should send at `now`, oldest due first.
    public func dueOutbox(now: Date, limit: Int = 100) async throws(StorageError) -> [OutboxRow] {
        try await read("listing due sends") { db in
            // Worded as the partial index outbox_due is, so SQLite uses it.
            try OutboxRow.fetchAll(
                db.cachedStatement(
                    sql: """
                        SELECT * FROM outbox WHERE status IN ('pending', 'deferred') AND not_before <= ?
                        ORDER BY not_before, id LIMIT ?
                        """), arguments: [now.storageText, limit])
        }
    }

    /// When the next waiting row falls due, if any row waits.
    public func nextOutboxDue(excluding: Set<Int64>) async throws(StorageError) -> Date? {
        try await read("finding the next due send") { db -> Date? in
            if excluding.isEmpty {
                return try Date.fetchOne(db.cachedStatement(sql: "SELECT MIN(not_before) FROM outbox WHERE status IN ('pending', 'deferred')"))
            }
            let marks = Array(repeating: "?", count: excluding.count).joined(separator: ", ")
            return try Date.fetchOne(
                db,
                sql: "SELECT MIN(not_before) FROM outbox WHERE status IN ('pending', 'deferred') AND id NOT IN (\(marks))",
                arguments: StatementArguments(Array(excluding)))
        }
    }

    /// Rows a crashed process left `sending`: back to `pending` when the provider dedups
    /// (resending is safe), else `unknown` (at most once). Returns how many rows changed.
    public func recoverInterruptedSends(providerDedups: Bool, now: Date) async throws(StorageError) -> Int {
        try await write("recovering interrupted sends") { db in
            let target: OutboxRow.Status = providerDedups ? .pending : .unknown
            try db.execute(
                sql: """
                    UPDATE outbox SET status = ?, updated_at = ?,
                      error_code = CASE WHEN ? = 'unknown' THEN 'outcome_unknown' ELSE error_code END,
                      error_message = CASE WHEN ? = 'unknown'
                        THEN 'Moonwire stopped while sending; the provider has no dedup, so it is not sent again'
                        ELSE error_message END
                    WHERE status = 'sending'
                    """,
                arguments: [target.rawValue, now, target.rawValue, target.rawValue])
            return db.changesCount
        }
    }

    /// The row with `dedupKey`, if any.
    public func outboxRow(dedupKey: String) async throws(StorageError) -> OutboxRow? {
        try await read("reading send \(dedupKey)") { db in
            try OutboxRow.filter(Column("dedup_key") == dedupKey).fetchOne(db)
        }
    }

    /// Outbox rows, newest first, optionally only those in `statuses`.
    public func outboxRows(statuses: Set<OutboxRow.Status>? = nil, limit: Int = 100) async throws(StorageError) -> [OutboxRow] {
        try await read("listing the outbox") { db in
            // One cached statement whatever the statuses (a JSON array read by json_each).
            let wanted = try statuses.map { String(decoding: try JSONEncoder().encode($0.map(\.rawValue).sorted()), as: UTF8.self) }
            return try OutboxRow.fetchAll(
                db.cachedStatement(
                    sql: "SELECT * FROM outbox WHERE ?1 IS NULL OR status IN (SELECT value FROM json_each(?1)) ORDER BY id DESC LIMIT ?2"),
                arguments: [wanted, limit])
        }
    }

    /// How many rows have each status.
    public func outboxCounts() async throws(StorageError) -> [OutboxRow.Status: Int] {
        try await read("counting the outbox") { db in
            var counts: [OutboxRow.Status: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT status, COUNT(*) AS n FROM outbox GROUP BY status") {
                if let status = OutboxRow.Status(rawValue: row["status"]) { counts[status] = row["n"] }
            }
            return counts
        }
    }
}
