import Foundation
import GRDB
import Storage

extension SQLiteStore {
    /// One process holds the whole database: the claim's worker is the only one.
    public func beginInboundAttempt(id: Int64, claim: WorkClaim) async throws(StorageError) -> Int? {
        try await write("counting an attempt at inbound \(id)") { db in
            try Int.fetchOne(
                db.cachedStatement(
                    sql: "UPDATE inbound SET attempts = attempts + 1 WHERE id = ? AND status = 'pending' RETURNING attempts"),
                arguments: [id])
        }
    }

    public func deferInbound(
        id: Int64, retryAt: Date, error: String, plugins: [String], countsAsAttempt: Bool
    ) async throws(StorageError) {
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

    public func inboundRetries(id: Int64) async throws(StorageError) -> Int {
        try await read("reading the retries of inbound \(id)") { db in
            try Int.fetchOne(db, sql: "SELECT retries FROM inbound WHERE id = ?", arguments: [id]) ?? 0
        }
    }

    public func poisonInbound(id: Int64, error: String, plugins: [String], attempts: Int, now: Date) async throws(StorageError) {
        try await write("setting inbound \(id) aside") { db in
            try db.cachedStatement(
                sql: """
                    UPDATE inbound SET status = 'poisoned', error = ?, failed_plugins = ?, attempts = ?, handled_at = ?,
                        retry_at = NULL WHERE id = ?
                    """
            ).execute(arguments: [error, plugins.isEmpty ? nil : plugins.joined(separator: ","), attempts, now.storageText, id])
        }
    }

    public func poisonedInbound(limit: Int) async throws(StorageError) -> [FailedInboundRow] {
        try await read("listing poisoned inbound messages") { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT id, from_number, body, received_at, failed_plugins, error, attempts, handled_at
                    FROM inbound WHERE status = 'poisoned' ORDER BY id LIMIT ?
                    """, arguments: [limit]
            ).map { row in
                FailedInboundRow(
                    id: row["id"], from: row["from_number"], body: row["body"], receivedAt: row["received_at"],
                    plugins: row["failed_plugins"] ?? "", error: row["error"] ?? "", attempts: row["attempts"],
                    setAsideAt: row["handled_at"])
            }
        }
    }

    public func retryPoisonedInbound(ids: [Int64]?) async throws(StorageError) -> [Int64] {
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
