import Foundation
import GRDB

/// Moonwire's persistence: one SQLite file (WAL, so another `moonwire` process can read while a
/// daemon writes), migrated to the current schema when opened.
public final class Store: Sendable {
    /// The database file, or `:memory:`.
    public let path: String
    let writer: any DatabaseWriter

    /// The default database path: `MOONWIRE_DB`, else `./moonwire.db`.
    public static func defaultPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let path = environment["MOONWIRE_DB"], !path.isEmpty { return path }
        return "moonwire.db"
    }

    /// Opens (creating if needed) and migrates the database at `path`.
    public init(path: String) throws(StoreError) {
        self.path = path
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)  // another moonwire process may hold the write lock briefly
        configuration.label = "moonwire"
        // In WAL mode, NORMAL syncs at checkpoints rather than at every commit: a commit survives
        // a crash of the process (kill -9), and only an OS crash or power loss may lose the last
        // few. Every send and reply is several commits, so FULL would cap throughput at the
        // disk's fsync rate.
        configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA synchronous = NORMAL") }
        do {
            if path == ":memory:" {
                writer = try DatabaseQueue(configuration: configuration)
            } else {
                let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
                try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
                writer = try DatabasePool(path: path, configuration: configuration)
            }
            try Store.migrator.migrate(writer)
        } catch {
            throw StoreError.openFailed(path: path, error)
        }
    }

    /// Runs `body` in a write transaction.
    func write<T: Sendable>(_ what: String, _ body: @escaping @Sendable (Database) throws -> T) async throws(StoreError) -> T {
        do {
            return try await writer.write(body)
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError.queryFailed(what, error)
        }
    }

    /// Runs `body` with a read-only connection.
    func read<T: Sendable>(_ what: String, _ body: @escaping @Sendable (Database) throws -> T) async throws(StoreError) -> T {
        do {
            return try await writer.read(body)
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError.queryFailed(what, error)
        }
    }
}
