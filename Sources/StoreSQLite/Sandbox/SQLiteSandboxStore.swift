import Foundation
import GRDB
import SandboxStore
import Storage

/// The sandbox provider's emulation of a phone network and of the providers' accounts on
/// SQLite: every port of ``SandboxStorage`` over its own tables (`sandbox_*`) and migrations,
/// beside the engine's in the same file, which it never reads. Delivery reports reach the engine
/// the way a real provider's do (see ``deliveryReports(after:limit:)``).
public final class SQLiteSandboxStore: SandboxStorage {
    let database: SQLiteDatabase

    /// The database file, or `:memory:`.
    public var path: String { database.path }
    /// The database file, or `:memory:`, as ``SandboxStorage`` names it in messages.
    public var location: String { database.path }

    /// Opens (creating if needed) the database at `path` and migrates the sandbox's tables.
    /// `readOnly`: for listing commands (nothing is created or migrated; writes fail);
    /// `busyTimeout`: how long a write waits for another process's lock (nil: `MOONWIRE_BUSY_TIMEOUT`).
    public convenience init(
        path: String, readOnly: Bool = false, busyTimeout: TimeInterval? = nil
    ) throws(StorageError) {
        try self.init(
            database: SQLiteDatabase(path: path, readOnly: readOnly, busyTimeout: busyTimeout ?? SQLiteDatabase.busyTimeout()))
    }

    /// The sandbox's store on an open database (shared with the engine's store), migrated.
    /// Read-only, a database the sandbox never used (an engine on a real provider, or one only
    /// listed so far) is `not_found`: it has no sandbox tables to read.
    package init(database: SQLiteDatabase) throws(StorageError) {
        self.database = database
        if database.readOnly {
            let used: Bool
            do {
                used = try database.writer.read { db in try !SQLiteSandboxStore.migrations.applied(db).isEmpty }
            } catch {
                throw StorageError.queryFailed("reading the sandbox's tables of \(database.path)", error)
            }
            guard used else { throw StorageError(.notFound, "the database \(database.path) has no sandbox tables yet") }
        }
        try database.migrate(SQLiteSandboxStore.migrations)
    }

    func write<T: Sendable>(_ what: String, _ body: @escaping @Sendable (Database) throws -> T) async throws(StorageError) -> T {
        try await database.write(what, body)
    }

    func read<T: Sendable>(_ what: String, _ body: @escaping @Sendable (Database) throws -> T) async throws(StorageError) -> T {
        try await database.read(what, body)
    }
}
