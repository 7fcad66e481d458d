import Foundation
import GRDB
import Storage

/// The engine's storage on SQLite: every port of ``EngineStorage`` over one database file,
/// migrated to the engine's schema when opened.
public final class SQLiteStore: EngineStorage {
    /// The database the engine's tables live in (the sandbox's store may share it).
    package let database: SQLiteDatabase

    /// The database file, or `:memory:`.
    public var path: String { database.path }
    public var location: String { database.path }

    /// Opens (creating if needed) and migrates the database at `path`; `readOnly`: opens it for
    /// reading only, refusing a database without the current schema (writes then fail).
    public convenience init(path: String, readOnly: Bool = false) throws(StorageError) {
        try self.init(database: SQLiteDatabase(path: path, readOnly: readOnly))
    }

    /// Opens the database at `path` with writes waiting `busyTimeout` seconds for another
    /// process's write lock.
    public convenience init(path: String, busyTimeout: TimeInterval) throws(StorageError) {
        try self.init(database: SQLiteDatabase(path: path, busyTimeout: busyTimeout))
    }

    /// The engine's store on an open database, migrated.
    package init(database: SQLiteDatabase) throws(StorageError) {
        self.database = database
        migrationsApplied = try database.migrate(SQLiteStore.migrations)
    }

    /// The schema changes this open applied.
    public let migrationsApplied: [String]

    func write<T: Sendable>(_ what: String, _ body: @escaping @Sendable (Database) throws -> T) async throws(StorageError) -> T {
        try await database.write(what, body)
    }

    func read<T: Sendable>(_ what: String, _ body: @escaping @Sendable (Database) throws -> T) async throws(StorageError) -> T {
        try await database.read(what, body)
    }

    /// Copies the write-ahead log into the database file and empties it (what the file holds
    /// is then its whole size).
    public func checkpoint() async throws(StorageError) { try await database.checkpoint() }

    public func compact() async throws(StorageError) { try await database.checkpoint() }
}
