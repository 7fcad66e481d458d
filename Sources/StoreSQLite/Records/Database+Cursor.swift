import GRDB

extension Database {
    /// Moves cursor `name` to `value`, inside the caller's transaction (so a poller's position
    /// commits with what it stored).
    func setCursor(_ name: String, to value: String) throws {
        try execute(
            sql: "INSERT INTO cursor (name, value) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET value = excluded.value",
            arguments: [name, value])
    }
}
