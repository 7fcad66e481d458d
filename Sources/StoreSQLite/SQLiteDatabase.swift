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
    /// One connection in memory (tests, the REPL): read and written on the caller's thread.
    private let inMemory: Bool
    package let writer: any DatabaseWriter
    /// Where `write` queues transactions, so concurrent ones commit together.
    let commits: GroupCommit

    /// Opened for reading only: nothing is created or migrated, writes fail.
    package let readOnly: Bool

    /// How long a write waits for another process's write lock: `MOONWIRE_BUSY_TIMEOUT`
    /// (seconds), else 10 s. A write still refused after it fails retryably, and the engine
    /// tries the work again later.
    package static func busyTimeout(environment: [String: String] = ProcessInfo.processInfo.environment) -> TimeInterval {
        if let text = environment["MOONWIRE_BUSY_TIMEOUT"], let seconds = TimeInterval(text), seconds >= 0, seconds.isFinite {
            return seconds
        }
        return 10
    }

    /// Opens (creating if needed) the database at `path`.
    /// - Parameters:
    ///   - readOnly: open it for reading only (listing commands; a file the user may only read):
    ///     nothing is created, and ``migrate(_:)`` refuses a database without the current schema.
    ///   - busyTimeout: how long a write waits for another process's lock (default: ``busyTimeout(environment:)``).
    package init(path: String, readOnly: Bool = false, busyTimeout: TimeInterval = SQLiteDatabase.busyTimeout()) throws(StorageError) {
        self.path = path
        inMemory = path == ":memory:"
        self.readOnly = readOnly
        let configuration = SQLiteDatabase.configuration(readOnly: readOnly, busyTimeout: busyTimeout)
        do {
            if path == ":memory:" {
                writer = try DatabaseQueue(configuration: configuration)
            } else if readOnly {
                guard FileManager.default.fileExists(atPath: path) else {
                    throw StorageError(.noDatabase, "there is no database at \(path) (check MOONWIRE_DB)")
                }
                writer = try SQLiteDatabase.openForReading(path: path, configuration: configuration)
            } else {
                let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
                try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
                writer = try DatabasePool(path: path, configuration: configuration)
            }
        } catch {
            throw StorageError.sqliteOpenFailed(path: path, error)
        }
        commits = GroupCommit(writer: writer)
    }

    /// A new in-memory database holding a copy of `template`'s schema and rows (SQLite's online
    /// backup): a migrated database without running the migrations again (`moonwire test` gives
    /// each test one).
    package init(copying template: SQLiteDatabase) throws(StorageError) {
        path = ":memory:"
        inMemory = true
        readOnly = false
        do {
            let queue = try DatabaseQueue(configuration: SQLiteDatabase.configuration(readOnly: false, busyTimeout: 0))
            try template.writer.backup(to: queue)
            writer = queue
        } catch {
            throw StorageError.sqliteOpenFailed(path: ":memory: (a copy of \(template.path))", error)
        }
        commits = GroupCommit(writer: writer)
    }

    /// How every connection is opened.
    private static func configuration(readOnly: Bool, busyTimeout: TimeInterval) -> Configuration {
        var configuration = Configuration()
        configuration.readonly = readOnly
        configuration.busyMode = .timeout(busyTimeout)  // another moonwire process may hold the write lock
        configuration.label = "moonwire"
        // In WAL mode, NORMAL syncs at checkpoints rather than at every commit: a commit survives
        // a crash of the process (kill -9), and only an OS crash or power loss may lose the last
        // few. Every send and reply is several commits, so FULL would cap throughput at the
        // disk's fsync rate.
        configuration.prepareDatabase { db in
            // Readers write nothing (and a read-only open may not reach the WAL before its first read).
            if db.configuration.readonly { return }
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            // The writer is what every send and step waits for: it keeps more pages in memory
            // (32 MiB rather than 2) and checkpoints the WAL every 10,000 pages rather than
            // 1,000, so a page rewritten by many commits is copied back once. The WAL is
            // trimmed back to 64 MiB after a checkpoint.
            try db.execute(
                sql: "PRAGMA cache_size = -32768; PRAGMA wal_autocheckpoint = 10000; PRAGMA journal_size_limit = 67108864")
        }
        return configuration
    }

    /// Brings the schema `migrations` describe up to date (under one exclusive lock); opened
    /// read-only, checks it is up to date instead.
    /// Returns the names of the changes applied.
    @discardableResult
    package func migrate(_ migrations: SchemaMigrations) throws(StorageError) -> [String] {
        let current: Bool
        do {
            // Most opens find the schema current: a read says so without taking the write lock.
            current = try readNow { db in try migrations.pending(db).isEmpty }
            if !current && !readOnly {
                return try migrations.apply(to: writer)
            }
        } catch {
            throw StorageError.sqliteOpenFailed(path: path, error)
        }
        if !current {
            throw StorageError(
                .outdatedDatabase,
                "the database \(path) has an older schema than this Moonwire reads: run any moonwire "
                    + "command that writes (moonwire db migrate, send, serve) once with write access to it, to update it")
        }
        return []
    }

    /// A read-only connection to `path`. When SQLite cannot make the WAL index (no process has
    /// the database open for writing, and this user may not create files beside it), it reads
    /// the file as immutable: with no writer there, nothing can change under the read.
    private static func openForReading(path: String, configuration: Configuration) throws -> DatabaseQueue {
        // Opening may fail already (GRDB reads the schema at once), or only at the first read.
        var failure: (any Error)?
        do {
            let queue = try DatabaseQueue(path: path, configuration: configuration)
            do {
                _ = try queue.read { db in try db.tableExists("grdb_migrations") }
                return queue
            } catch {
                failure = error
                try? queue.close()
            }
        } catch {
            failure = error
        }
        // Immutable ignores the WAL: only safe when there is none (everything is in the file).
        let wal = (try? FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? Int) ?? 0
        if wal > 0, let failure { throw failure }
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: "?#%")
        let escaped = path.addingPercentEncoding(withAllowedCharacters: allowed) ?? path
        return try DatabaseQueue(path: "file:\(escaped)?immutable=1", configuration: configuration)
    }

    /// Returns once at least `count` writes are queued behind the one the writer runs (for tests
    /// that form a batch of a known size).
    package func waitUntilQueued(_ count: Int) async {
        await commits.waitUntilQueued(count)
    }

    /// Runs `body` in a write transaction, committed with the writes queued at the same time
    /// (each in its own savepoint: it commits or rolls back alone). An in-memory database
    /// writes on the calling thread instead: with no disk to wait for, a write takes
    /// microseconds, less than the hops to the writer's queue and back that a batch costs.
    package func write<T: Sendable>(_ what: String, _ body: @escaping @Sendable (Database) throws -> T) async throws(StorageError)
        -> T
    {
        do {
            if inMemory { return try writeNow(body) }
            return try await commits.write(body)
        } catch let error as StorageError {
            throw error
        } catch {
            throw StorageError.sqliteQueryFailed(what, error)
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
            throw StorageError.sqliteQueryFailed(what, error)
        }
    }

    /// GRDB's synchronous read (an async caller would get the async overload). An in-memory
    /// database is one connection that every access already takes in turn, so it reads without
    /// GRDB's read-only guard: that guard sets `PRAGMA query_only` on and off around each read,
    /// and SQLite expires every prepared statement of the connection when a flag pragma
    /// changes, so each cached statement would be compiled again after every read.
    private func readNow<T>(_ body: (Database) throws -> T) throws -> T {
        if inMemory { return try writer.unsafeRead(body) }
        return try writer.read(body)
    }

    /// GRDB's synchronous write, in a transaction of its own.
    private func writeNow<T>(_ body: (Database) throws -> T) throws -> T {
        try writer.write(body)
    }

    /// Copies the write-ahead log into the database file and empties it.
    package func checkpoint() async throws(StorageError) {
        do {
            try await writer.writeWithoutTransaction { db in _ = try db.checkpoint(.truncate) }
        } catch {
            throw StorageError.sqliteQueryFailed("checkpointing the database", error)
        }
    }
}
