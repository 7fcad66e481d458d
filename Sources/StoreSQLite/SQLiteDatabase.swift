import Foundation
import GRDB
import Storage

/// One SQLite file (WAL, so another `moonwire` process can read while a daemon writes) and the
/// way every store on it reads and writes: the engine's store and the sandbox's share one.
/// `package`: the sandbox's store (its own module) builds on it; nothing outside the SQLite
/// backends sees GRDB.
package final class SQLiteDatabase: Sendable {
    /// The database file, or `:memory:`.
    package let path: String
    package let writer: any DatabaseWriter
    /// Where `write` queues transactions, so concurrent ones commit together.
    let commits: GroupCommit

    /// Opens (creating if needed) the database at `path`.
    package init(path: String) throws(StorageError) {
        self.path = path
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)  // another moonwire process may hold the write lock briefly
        configuration.label = "moonwire"
        // In WAL mode, NORMAL syncs at checkpoints rather than at every commit: a commit survives
        // a crash of the process (kill -9), and only an OS crash or power loss may lose the last
        // few. Every send and reply is several commits, so FULL would cap throughput at the
        // disk's fsync rate.
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            if !db.configuration.readonly {
                // The writer is what every send and step waits for: it keeps more pages in memory
                // (32 MiB rather than 2) and checkpoints the WAL every 10,000 pages rather than
                // 1,000, so a page rewritten by many commits is copied back once. The WAL is
                // trimmed back to 64 MiB after a checkpoint.
                try db.execute(
                    sql: "PRAGMA cache_size = -32768; PRAGMA wal_autocheckpoint = 10000; PRAGMA journal_size_limit = 67108864")
            }
        }
        do {
            if path == ":memory:" {
                writer = try DatabaseQueue(configuration: configuration)
            } else {
                let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
                try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
                writer = try DatabasePool(path: path, configuration: configuration)
            }
        } catch {
            throw StorageError.openFailed(path: path, error)
        }
        commits = GroupCommit(writer: writer)
    }

    /// Brings the schema `migrations` describe up to date (under one exclusive lock).
    package func migrate(_ migrations: SchemaMigrations) throws(StorageError) {
        do {
            try migrations.apply(to: writer)
        } catch {
            throw StorageError.openFailed(path: path, error)
        }
    }

    /// Runs `body` in a write transaction, committed with the writes queued at the same time
    /// (each in its own savepoint: it commits or rolls back alone).
    package func write<T: Sendable>(_ what: String, _ body: @escaping @Sendable (Database) throws -> T) async throws(StorageError)
        -> T
    {
        do {
            return try await commits.write(body)
        } catch let error as StorageError {
            throw error
        } catch {
            throw StorageError.queryFailed(what, error)
        }
    }

    /// Runs `body` with a read-only connection, on the calling thread.
    ///
    /// Why not GRDB's async read: it hops to a reader's queue and back, two thread switches that
    /// cost more than the read itself (a run's journal, a contact: tens of microseconds of CPU on
    /// cached pages). A WAL reader never waits for the writer, so this holds the thread only as
    /// long as the query runs.
    package func read<T: Sendable>(_ what: String, _ body: @escaping @Sendable (Database) throws -> T) async throws(StorageError)
        -> T
    {
        do {
            return try readNow(body)
        } catch let error as StorageError {
            throw error
        } catch {
            throw StorageError.queryFailed(what, error)
        }
    }

    /// GRDB's synchronous read (an async caller would get the async overload).
    private func readNow<T>(_ body: (Database) throws -> T) throws -> T {
        try writer.read(body)
    }

    /// Copies the write-ahead log into the database file and empties it.
    package func checkpoint() async throws(StorageError) {
        do {
            try await writer.writeWithoutTransaction { db in _ = try db.checkpoint(.truncate) }
        } catch {
            throw StorageError.queryFailed("checkpointing the database", error)
        }
    }
}
