import Foundation
import PostgresNIO
import Storage

extension PostgresStore {
    public func stateValue(plugin: String, key: String, now: Date) async throws(StorageError) -> String? {
        let logger = self.logger
        return try await read("reading state key \(key) of \(plugin)") { db in
            try await db.value(
                """
                SELECT value FROM plugin_state WHERE plugin = \(plugin) AND key = \(key)
                  AND (expires_at IS NULL OR expires_at > \(now.pg))
                """, logger, as: String.self)
        }
    }

    public func setStateValue(
        plugin: String, key: String, json: String, expiresAt: Date?, step: PluginStateStep?, now: Date
    ) async throws(StorageError) {
        let logger = self.logger
        _ = try await write("setting state key \(key) of \(plugin)") { db in
            try await PostgresStore.once(step, db, logger) {
                try await db.execute(
                    """
                    INSERT INTO plugin_state (plugin, key, value, expires_at, updated_at)
                    VALUES (\(plugin), \(key), \(json), \(expiresAt.pg), \(now.pg))
                    ON CONFLICT (plugin, key) DO UPDATE SET value = EXCLUDED.value, expires_at = EXCLUDED.expires_at,
                      updated_at = EXCLUDED.updated_at
                    """, logger)
                return ""
            }
        }
    }

    public func incrementStateValue(
        plugin: String, key: String, by delta: Int64, expiresAt: Date?, step: PluginStateStep?, now: Date
    ) async throws(StorageError) -> Int64 {
        let logger = self.logger
        let text = try await write("incrementing state key \(key) of \(plugin)") { db in
            try await PostgresStore.once(step, db, logger) {
                // A row to lock, so concurrent increments take turns (none is lost); an expired
                // one counts from 0 again, with the new expiry.
                try await db.execute(
                    """
                    INSERT INTO plugin_state (plugin, key, value, expires_at, updated_at)
                    VALUES (\(plugin), \(key), '0', \(expiresAt.pg), \(now.pg)) ON CONFLICT (plugin, key) DO NOTHING
                    """, logger)
                let row = try await db.rows(
                    "SELECT value, expires_at FROM plugin_state WHERE plugin = \(plugin) AND key = \(key) FOR UPDATE", logger
                ).first
                let (stored, expiry) = try row?.decode((String, Date?).self) ?? ("0", nil)
                let live = expiry.map { $0 > now } ?? true
                let sum = try PluginStateValues.increment(live ? stored : nil, by: delta, key: key)
                try await db.execute(
                    """
                    UPDATE plugin_state SET value = \(String(sum)), updated_at = \(now.pg),
                      expires_at = \(live ? expiry.pg : expiresAt.pg) WHERE plugin = \(plugin) AND key = \(key)
                    """, logger)
                return String(sum)
            }
        }
        return try PluginStateValues.integer(text, key: key)
    }

    public func deleteStateValue(plugin: String, key: String, step: PluginStateStep?, now: Date) async throws(StorageError) -> Bool {
        let logger = self.logger
        return try await write("deleting state key \(key) of \(plugin)") { db in
            try await PostgresStore.once(step, db, logger) {
                let live = try await db.value(
                    """
                    DELETE FROM plugin_state WHERE plugin = \(plugin) AND key = \(key)
                    RETURNING expires_at IS NULL OR expires_at > \(now.pg)
                    """, logger, as: Bool.self) ?? false
                return live ? "1" : "0"
            }
        } == "1"
    }

    public func stateKeys(plugin: String, prefix: String, limit: Int, now: Date) async throws(StorageError) -> [String] {
        let logger = self.logger
        return try await read("listing the state keys of \(plugin)") { db in
            try await db.rows(
                """
                SELECT key FROM plugin_state WHERE plugin = \(plugin) AND left(key, length(\(prefix))) = \(prefix)
                  AND (expires_at IS NULL OR expires_at > \(now.pg)) ORDER BY key LIMIT \(limit)
                """, logger
            ).map { try $0.decode(String.self) }
        }
    }

    /// Applies `body` unless `step` already wrote; returns its result, kept for `step`.
    private static func once(
        _ step: PluginStateStep?, _ db: PostgresConnection, _ logger: Logger, _ body: () async throws -> String
    ) async throws -> String {
        guard let step else { return try await body() }
        // The step's row first: a second attempt of the same step waits here for the first to
        // commit, then finds its result.
        let claimed = try await db.execute(
            "INSERT INTO plugin_state_step (run_id, step, result) VALUES (\(step.runID), \(step.step), '') ON CONFLICT DO NOTHING",
            logger) > 0
        guard claimed else {
            return try await db.value(
                "SELECT result FROM plugin_state_step WHERE run_id = \(step.runID) AND step = \(step.step)", logger, as: String.self) ?? ""
        }
        let result = try await body()
        try await db.execute(
            "UPDATE plugin_state_step SET result = \(result) WHERE run_id = \(step.runID) AND step = \(step.step)", logger)
        return result
    }
}
