import Foundation
import GRDB

extension Store {
    /// Counts one more attempt at routing inbound `id`, before its handlers run (so an attempt
    /// cut short by a crash or a kill still counts); returns the count, nil when the message is
    /// not pending any more.
    public func beginInboundAttempt(id: Int64) async throws(StoreError) -> Int? {
        try await write("counting an attempt at inbound \(id)") { db in
            try Int.fetchOne(
                db.cachedStatement(
                    sql: "UPDATE inbound SET attempts = attempts + 1 WHERE id = ? AND status = 'pending' RETURNING attempts"),
                arguments: [id])
        }
    }

    /// Leaves inbound `id` pending, to be routed again from `retryAt` (real time) on, with the
    /// failures that deferred it. An attempt a storage fault cut short does not count
    /// (`countsAsAttempt` false): only limits poison a message.
    public func deferInbound(
        id: Int64, retryAt: Date, error: String, plugins: [String], countsAsAttempt: Bool
    ) async throws(StoreError) {
        try await write("deferring inbound \(id)") { db in
            try db.cachedStatement(
                sql: """
                    UPDATE inbound SET retry_at = ?, retries = retries + 1, error = ?, failed_plugins = ?,
                        attempts = attempts - ? WHERE id = ? AND status = 'pending'
                    """
            ).execute(arguments: [
                retryAt.storageText, error, plugins.isEmpty ? nil : plugins.joined(separator: ","), countsAsAttempt ? 0 : 1, id,
            ])
        }
    }

    /// How many times inbound `id` was deferred so far (for the backoff).
    public func inboundRetries(id: Int64) async throws(StoreError) -> Int {
        try await read("reading the retries of inbound \(id)") { db in
            try Int.fetchOne(db, sql: "SELECT retries FROM inbound WHERE id = ?", arguments: [id]) ?? 0
        }
    }

    /// Sets inbound `id` aside as poisoned after `attempts` attempts: it is not routed again until
    /// ``retryPoisonedInbound(ids:)``.
    public func poisonInbound(id: Int64, error: String, plugins: [String], attempts: Int, now: Date) async throws(StoreError) {
        try await write("setting inbound \(id) aside") { db in
            try db.cachedStatement(
                sql: """
                    UPDATE inbound SET status = 'poisoned', error = ?, failed_plugins = ?, attempts = ?, handled_at = ?,
                        retry_at = NULL WHERE id = ?
                    """
            ).execute(arguments: [error, plugins.isEmpty ? nil : plugins.joined(separator: ","), attempts, now.storageText, id])
        }
    }

    /// The poisoned inbound messages, oldest first.
    public func poisonedInbound(limit: Int = 1000) async throws(StoreError) -> [FailedInboundRow] {
        try await read("listing poisoned inbound messages") { db in
            try FailedInboundRow.fetchAll(
                db,
                sql: """
                    SELECT id, from_number, body, received_at, failed_plugins, error, attempts, handled_at
                    FROM inbound WHERE status = 'poisoned' ORDER BY id LIMIT ?
                    """, arguments: [limit])
        }
    }

    /// Makes poisoned inbound messages pending again with a fresh count of attempts (all of them
    /// when `ids` is nil); returns the ids made pending. Ids that are not poisoned are skipped.
    public func retryPoisonedInbound(ids: [Int64]?) async throws(StoreError) -> [Int64] {
        try await write("routing poisoned inbound messages again") { db in
            var sql = """
                UPDATE inbound SET status = 'pending', attempts = 0, retries = 0, retry_at = NULL, error = NULL,
                    failed_plugins = NULL, handled_at = NULL WHERE status = 'poisoned'
                """
            var arguments: StatementArguments = []
            if let ids {
                sql += " AND id IN (\(ids.map { _ in "?" }.joined(separator: ",")))"
                arguments = StatementArguments(ids)
            }
            return try Int64.fetchAll(db, sql: sql + " RETURNING id", arguments: arguments).sorted()
        }
    }
}
