import SandboxStore
import Storage

extension SQLiteStore {
    /// The sandbox's store on the same database (its tables created if missing): for tests and
    /// tools that read both, as `StorageBackends.sandbox()` does for the engine.
    package func sandbox() throws(StorageError) -> any SandboxStorage {
        try SQLiteSandboxStore(database: database)
    }
}
