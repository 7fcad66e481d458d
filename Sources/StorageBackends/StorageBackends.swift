import Foundation
import SandboxStore
import Storage
import StoreSQLite
import Synchronization

/// The one place that turns a database location into a backend: every other target holds the
/// ports (``EngineStorage``, ``SandboxStorage``) and never names a backend. Today every location is a SQLite file
/// (or `:memory:`); the PostgreSQL backend of issue 18 is chosen here by its URL.
public final class StorageBackends: Sendable {
    /// The engine's storage.
    public let engine: any EngineStorage
    private let database: SQLiteDatabase
    private let sandboxStore = Mutex<(any SandboxStorage)?>(nil)

    /// The default location: `MOONWIRE_DB`, else `./moonwire.db`.
    public static func defaultLocation(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let path = environment["MOONWIRE_DB"], !path.isEmpty { return path }
        return "moonwire.db"
    }

    /// Opens (creating and migrating if needed) the engine's storage at `location`.
    /// - Parameters:
    ///   - readOnly: for listing commands: nothing is created or migrated, a database without the
    ///     current schema is refused with what to do, and writes fail.
    ///   - busyTimeout: how long a write waits for another process's lock (nil:
    ///     `MOONWIRE_BUSY_TIMEOUT`, else 10 s).
    public init(location: String, readOnly: Bool = false, busyTimeout: TimeInterval? = nil) throws(StorageError) {
        let database = try SQLiteDatabase(
            path: location, readOnly: readOnly, busyTimeout: busyTimeout ?? SQLiteDatabase.busyTimeout())
        self.database = database
        engine = try SQLiteStore(database: database)
    }

    /// The sandbox emulation's store in the same database, its tables created on first use (a
    /// deployment on a real provider never gets them).
    public func sandbox() throws(StorageError) -> any SandboxStorage {
        try sandboxStore.withLock { (cached: inout (any SandboxStorage)?) throws(StorageError) -> any SandboxStorage in
            if let cached { return cached }
            let made = try SQLiteSandboxStore(database: database)
            cached = made
            return made
        }
    }

    /// Opens the sandbox emulation's store alone at `location` (creating and migrating its
    /// tables if needed), without the engine's: what `moonwire sandbox serve` and the sandbox's
    /// listing commands use.
    /// - Parameter readOnly: nothing is created or migrated, and a database the sandbox never
    ///   used is `not_found`.
    public static func sandbox(location: String, readOnly: Bool = false) throws(StorageError) -> any SandboxStorage {
        try SQLiteSandboxStore(path: location, readOnly: readOnly)
    }
}
