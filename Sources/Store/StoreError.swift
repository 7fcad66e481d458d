import GRDB

/// A persistence failure a user can act on: which database, what went wrong, what to try.
public struct StoreError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A stable machine-readable code, e.g. `open_failed`.
    public var code: String
    /// What happened, naming the file or the record involved.
    public var message: String
    /// True when the same work may succeed later (the database was busy or locked, an I/O error).
    public var retryable: Bool

    /// Creates an error.
    public init(code: String, message: String, retryable: Bool = false) {
        self.code = code
        self.message = message
        self.retryable = retryable
    }

    public var description: String { message }

    /// The database file could not be opened or migrated; the advice follows SQLite's reason (a
    /// busy database is healthy: it must never be called foreign).
    static func openFailed(path: String, _ underlying: any Error) -> StoreError {
        let advice: String
        switch (underlying as? DatabaseError)?.resultCode {
        case .SQLITE_BUSY?, .SQLITE_LOCKED?:
            return StoreError(
                code: "database_busy",
                message: "cannot open the database \(path): it is busy, another process has held its write lock "
                    + "longer than this one waits (MOONWIRE_BUSY_TIMEOUT, default 10 s): try again when that process has finished",
                retryable: true)
        case .SQLITE_NOTADB?, .SQLITE_CORRUPT?:
            advice = "it is not a Moonwire database: set MOONWIRE_DB to another path, or move that file away"
        case .SQLITE_CANTOPEN?, .SQLITE_READONLY?, .SQLITE_PERM?, .SQLITE_AUTH?:
            advice = "set MOONWIRE_DB to a path this user may write, in a directory that exists or can be made"
        default:
            advice = "set MOONWIRE_DB to a writable path"
        }
        return StoreError(code: "open_failed", message: "cannot open the database \(path): \(underlying) (\(advice))")
    }

    /// A query failed; a retryable failure is also recorded in ``StorageFaults/current``.
    static func queryFailed(_ what: String, _ underlying: any Error) -> StoreError {
        switch (underlying as? DatabaseError)?.resultCode {
        case .SQLITE_BUSY?, .SQLITE_LOCKED?:
            let error = StoreError(
                code: "database_busy",
                message: "\(what) failed: the database is busy, another process has held its write lock longer than "
                    + "this one waits (MOONWIRE_BUSY_TIMEOUT, default 10 s): try again when that process has finished",
                retryable: true)
            StorageFaults.current?.record(error.message)
            return error
        default:
            let error = StoreError(
                code: "query_failed", message: "\(what) failed: \(underlying)", retryable: StorageFaults.isRetryable(underlying))
            if error.retryable { StorageFaults.current?.record(error.message) }
            return error
        }
    }
}
