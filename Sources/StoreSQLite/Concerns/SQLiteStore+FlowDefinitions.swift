import Foundation
import GRDB
import Storage

extension SQLiteStore {
    /// Records which flows the loaded plugins define (replacing the previous load's list) and
    /// keeps the source of each version.
    public func saveFlowDefinitions(
        _ definitions: [FlowDefinitionRecord], sources: [FlowSourceRecord], now: Date
    ) async throws(StorageError) {
        try await write("recording flow definitions") { db in
            for source in sources {
                try db.execute(
                    sql: """
                        INSERT INTO flow_source (hash, plugin, directory, source, created_at) VALUES (?, ?, ?, ?, ?)
                        ON CONFLICT(hash) DO NOTHING
                        """,
                    arguments: [source.hash, source.plugin, source.directory, Data(source.source), now])
            }
            try db.execute(sql: "DELETE FROM flow_definition")
            for definition in definitions {
                try db.execute(
                    sql: "INSERT INTO flow_definition (name, source_hash, plugin, allow_parallel, defined_at) VALUES (?, ?, ?, ?, ?)",
                    arguments: [definition.name, definition.hash, definition.plugin, definition.allowParallel, now])
            }
        }
    }

    /// The flows the last plugin load defined.
    public func flowDefinitions() async throws(StorageError) -> [FlowDefinitionRecord] {
        try await read("listing flow definitions") { db in
            try Row.fetchAll(db, sql: "SELECT name, source_hash, plugin, allow_parallel FROM flow_definition ORDER BY name").map {
                FlowDefinitionRecord(name: $0["name"], hash: $0["source_hash"], plugin: $0["plugin"], allowParallel: $0["allow_parallel"])
            }
        }
    }

    /// The stored source of flow version `hash`: its plugin, directory and text.
    public func flowSource(hash: String) async throws(StorageError) -> FlowSourceRecord? {
        try await read("reading flow source \(hash)") { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT plugin, directory, source FROM flow_source WHERE hash = ?", arguments: [hash])
            else { return nil }
            let data: Data = row["source"]
            return FlowSourceRecord(hash: hash, plugin: row["plugin"], directory: row["directory"], source: Array(data))
        }
    }
}
