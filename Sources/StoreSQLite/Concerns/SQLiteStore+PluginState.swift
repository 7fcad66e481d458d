import Foundation
import GRDB
import Storage

extension SQLiteStore {
    public func stateValue(plugin: String, key: String, now: Date) async throws(StorageError) -> String? {
        try await read("reading state key \(key) of \(plugin)") { db in
            try String.fetchOne(
                db, sql: "SELECT value FROM plugin_state WHERE plugin = ? AND key = ? AND (expires_at IS NULL OR expires_at > ?)",
                arguments: [plugin, key, now])
        }
    }

    public func setStateValue(
        plugin: String, key: String, json: String, expiresAt: Date?, step: PluginStateStep?, now: Date
    ) async throws(StorageError) {
        _ = try await write("setting state key \(key) of \(plugin)") { db in
            try SQLiteStore.once(step, db) {
                try db.execute(
                    sql: """
                        INSERT INTO plugin_state (plugin, key, value, expires_at, updated_at) VALUES (?, ?, ?, ?, ?)
                        ON CONFLICT (plugin, key) DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at,
                          updated_at = excluded.updated_at
                        """, arguments: [plugin, key, json, expiresAt, now])
                return ""
            }
        }
    }

    public func incrementStateValue(
        plugin: String, key: String, by delta: Int64, expiresAt: Date?, step: PluginStateStep?, now: Date
    ) async throws(StorageError) -> Int64 {
        let text = try await write("incrementing state key \(key) of \(plugin)") { db in
            try SQLiteStore.once(step, db) {
                let row = try Row.fetchOne(
                    db, sql: "SELECT value, expires_at FROM plugin_state WHERE plugin = ? AND key = ?", arguments: [plugin, key])
                let live = row.map { row in (row["expires_at"] as Date?).map { $0 > now } ?? true } ?? false
                let sum = try PluginStateValues.increment(live ? row?["value"] : nil, by: delta, key: key)
                if live {
                    try db.execute(
                        sql: "UPDATE plugin_state SET value = ?, updated_at = ? WHERE plugin = ? AND key = ?",
                        arguments: [String(sum), now, plugin, key])
                } else {
                    try db.execute(
                        sql: """
                            INSERT INTO plugin_state (plugin, key, value, expires_at, updated_at) VALUES (?, ?, ?, ?, ?)
                            ON CONFLICT (plugin, key) DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at,
                              updated_at = excluded.updated_at
                            """, arguments: [plugin, key, String(sum), expiresAt, now])
                }
                return String(sum)
            }
        }
        return try PluginStateValues.integer(text, key: key)
    }

    public func deleteStateValue(plugin: String, key: String, step: PluginStateStep?, now: Date) async throws(StorageError) -> Bool {
        try await write("deleting state key \(key) of \(plugin)") { db in
            try SQLiteStore.once(step, db) {
                let live = try Bool.fetchOne(
                    db, sql: "SELECT expires_at IS NULL OR expires_at > ? FROM plugin_state WHERE plugin = ? AND key = ?",
                    arguments: [now, plugin, key]) ?? false
                try db.execute(sql: "DELETE FROM plugin_state WHERE plugin = ? AND key = ?", arguments: [plugin, key])
                return live ? "1" : "0"
            }
        } == "1"
    }

    public func stateKeys(plugin: String, prefix: String, limit: Int, now: Date) async throws(StorageError) -> [String] {
        try await read("listing the state keys of \(plugin)") { db in
            // substr, not LIKE: a prefix holding % or _ means those characters.
            try String.fetchAll(
                db,
                sql: """
                    SELECT key FROM plugin_state WHERE plugin = ? AND substr(key, 1, length(?)) = ?
                      AND (expires_at IS NULL OR expires_at > ?) ORDER BY key LIMIT ?
                    """, arguments: [plugin, prefix, prefix, now, limit])
        }
    }

    /// Applies `body` unless `step` already wrote; returns its result, kept for `step`.
    private static func once(_ step: PluginStateStep?, _ db: Database, _ body: () throws -> String) throws -> String {
        guard let step else { return try body() }
        if let kept = try String.fetchOne(
            db, sql: "SELECT result FROM plugin_state_step WHERE run_id = ? AND step = ?", arguments: [step.runID, step.step])
        {
            return kept
        }
        let result = try body()
        try db.execute(
            sql: "INSERT INTO plugin_state_step (run_id, step, result) VALUES (?, ?, ?)", arguments: [step.runID, step.step, result])
        return result
    }
}
