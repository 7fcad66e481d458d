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
    let database: SQLiteDatabase?
    /// The engine's PostgreSQL store, when the backend is PostgreSQL (the sandbox's store
    /// shares its database and connection pool).
    private let postgres: PostgresStore?
    /// True when opened for a listing command: the sandbox's store is then read-only too.
    private let readOnly: Bool
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
        self.readOnly = readOnly
        if PostgresLocation.isPostgres(location) {
            database = nil
            let postgres = try PostgresStore(url: location, readOnly: readOnly)
            self.postgres = postgres
            engine = postgres
            return
        }
        let database = try SQLiteDatabase(
            path: location, readOnly: readOnly, busyTimeout: busyTimeout ?? SQLiteDatabase.busyTimeout())
        self.database = database
        postgres = nil
        engine = try SQLiteStore(database: database)
    }

    /// An in-memory SQLite database with the engine's and the sandbox's tables, migrated once:
    /// the template ``init(copying:)`` copies (`moonwire test` makes one per process and gives
    /// each test a copy, instead of migrating a new database per test).
    public static func memoryTemplate() throws(StorageError) -> StorageBackends {
        let template = try StorageBackends(location: ":memory:")
        _ = try template.sandbox()
        return template
    }

    /// A new in-memory SQLite database, a copy of `template`'s (``memoryTemplate()``): its schema
    /// and rows, copied page by page with SQLite's online backup. Its engine and sandbox stores
    /// find their tables there and migrate nothing.
    /// - Throws: `internal` when `template` is not a SQLite database.
    public init(copying template: StorageBackends) throws(StorageError) {
        guard let source = template.database else {
            throw StorageError(.internal, "\(template.engine.location) is not a SQLite database: only one can be copied")
        }
        let database = try SQLiteDatabase(copying: source)
        self.database = database
        postgres = nil
        readOnly = false
        engine = try SQLiteStore(database: database)
    }

    /// The stores of an in-memory database a ``MemoryDatabaseRecycler`` emptied, its tables
    /// already made.
    init(reusing database: SQLiteDatabase) throws(StorageError) {
        self.database = database
        postgres = nil
        readOnly = false
        engine = try SQLiteStore(database: database)
    }

    /// The sandbox emulation's store in the same database, its tables created on first use (a
    /// deployment on a real provider never gets them); on PostgreSQL it shares the engine's
    /// connection pool. Read-only, a database the sandbox never used is `not_found`.
    public func sandbox() throws(StorageError) -> any SandboxStorage {
        try sandboxStore.withLock { (cached: inout (any SandboxStorage)?) throws(StorageError) -> any SandboxStorage in
            if let cached { return cached }
            let made: any SandboxStorage
            if let database {
                made = try SQLiteSandboxStore(database: database)
            } else if let postgres {
                made = try PostgresSandboxStore(sharing: postgres, readOnly: readOnly)
            } else {
                throw StorageError(.internal, "\(engine.location) is neither a SQLite nor a PostgreSQL database")
            }
            cached = made
            return made
        }
    }

    /// Opens the sandbox emulation's store alone at `location` (creating and migrating its
    /// tables if needed), without the engine's: what `moonwire sandbox serve` and the sandbox's
    /// listing commands use. A `postgres://` URL opens it on PostgreSQL, on a pool of its own.
    /// - Parameters:
    ///   - readOnly: nothing is created or migrated, and a database the sandbox never used is
    ///     `not_found`.
    ///   - environment: where `MOONWIRE_BUSY_TIMEOUT` is read (the configuration's, file included).
    public static func sandbox(
        location: String, readOnly: Bool = false, environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(StorageError) -> any SandboxStorage {
        if PostgresLocation.isPostgres(location) {
            return try PostgresSandboxStore(url: location, readOnly: readOnly)
        }
        return try SQLiteSandboxStore(
            path: location, readOnly: readOnly, busyTimeout: SQLiteDatabase.busyTimeout(environment: environment))
    }
}
