import Storage
import StoreSQLite

extension SQLiteStore {
    /// The sandbox's store on the same database (its tables created if missing): for tests and
    /// tools that read both, as `StorageBackends.sandbox()` does for the engine.
    package func sandbox() throws(StorageError) -> SandboxStore {
        try SandboxStore(database: database)
    }
}
