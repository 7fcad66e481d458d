import Foundation
import SandboxStore
import Storage
import StorePostgres
import StoreSQLite
import Synchronization

/// The one place that turns a database location into a backend: every other target holds the
/// ports (``EngineStorage``, ``SandboxStorage``) and never names a backend. A `postgres://` or
/// `postgresql://` URL opens the PostgreSQL backend; anything else is a SQLite file (or `:memory:`).
public final class StorageBackends: Sendable {
    /// The engine's storage.
    public let engine: any EngineStorage
    /// The SQLite database, when the backend is SQLite (the sandbox's store shares it).
    private let database: SQLiteDatabase?
    private let sandboxStore = Mutex<(any SandboxStorage)?>(nil)

    /// The default location: `MOONWIRE_DB`, else `./moonwire.db`.
    public static func defaultLocation(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let path = environment["MOONWIRE_DB"], !path.isEmpty { return path }
        return "moonwire.db"
    }

    /// True when `location` names a PostgreSQL database rather than a SQLite file.
    public static func isPostgres(_ location: String) -> Bool { PostgresLocation.isPostgres(location) }

    /// `location` as it may be shown: a PostgreSQL URL's password masked.
    public static func displayed(_ location: String) -> String { PostgresLocation.masking(location) }

    /// Opens (creating and migrating if needed) the engine's storage at `location`.
    /// - Parameters:
    ///   - readOnly: for listing commands: nothing is created or migrated, a database without the
    ///     current schema is refused with what to do, and writes fail.
    ///   - busyTimeout: how long a SQLite write waits for another process's lock (nil:
    ///     `MOONWIRE_BUSY_TIMEOUT`, else 10 s); PostgreSQL uses the URL's `statement_timeout`.
    public init(location: String, readOnly: Bool = false, busyTimeout: TimeInterval? = nil) throws(StorageError) {
        if PostgresLocation.isPostgres(location) {
            database = nil
            engine = try PostgresStore(url: location, readOnly: readOnly)
            return
        }
        let database = try SQLiteDatabase(
            path: location, readOnly: readOnly, busyTimeout: busyTimeout ?? SQLiteDatabase.busyTimeout())
        self.database = database
        engine = try SQLiteStore(database: database)
    }

    /// The sandbox emulation's store in the same database, its tables created on first use (a
    /// deployment on a real provider never gets them). SQLite only for now.
    public func sandbox() throws(StorageError) -> any SandboxStorage {
        guard let database else {
            throw StorageError(
                .openFailed,
                "the sandbox provider keeps its messages in a SQLite file, and \(engine.location) is PostgreSQL: "
                    + "use a real provider (MOONWIRE_PROVIDER) with PostgreSQL, or a SQLite file for the sandbox")
        }
        return try sandboxStore.withLock { (cached: inout (any SandboxStorage)?) throws(StorageError) -> any SandboxStorage in
            if let cached { return cached }
            let made = try SQLiteSandboxStore(database: database)
            cached = made
            return made
        }
    }

    /// Opens the sandbox emulation's store alone at `location` (creating and migrating its
    /// tables if needed), without the engine's: what `moonwire sandbox serve` and the sandbox's
    /// listing commands use.
    /// - Parameters:
    ///   - readOnly: nothing is created or migrated, and a database the sandbox never used is
    ///     `not_found`.
    ///   - environment: where `MOONWIRE_BUSY_TIMEOUT` is read (the configuration's, file included).
    public static func sandbox(
        location: String, readOnly: Bool = false, environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(StorageError) -> any SandboxStorage {
        guard !PostgresLocation.isPostgres(location) else {
            throw StorageError(
                .openFailed,
                "the sandbox provider keeps its messages in a SQLite file, and \(displayed(location)) is PostgreSQL: "
                    + "give `moonwire sandbox` a SQLite file (MOONWIRE_DB=./sandbox.db)")
        }
        return try SQLiteSandboxStore(
            path: location, readOnly: readOnly, busyTimeout: SQLiteDatabase.busyTimeout(environment: environment))
    }
}
