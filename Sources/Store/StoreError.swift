import GRDB

/// A persistence failure a user can act on: which database, what went wrong, what to try.
public struct StoreError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A stable machine-readable code, e.g. `open_failed`.
    public var code: String
    /// What happened, naming the file or the record involved.
    public var message: String

    /// Creates an error.
    public init(code: String, message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }

    /// How long a connection waits for another process's write lock before giving up.
    static let busyTimeoutSeconds = 10

    /// The database file could not be opened or migrated; the advice follows SQLite's reason (a
    /// busy database is healthy: it must never be called foreign).
    static func openFailed(path: String, _ underlying: any Error) -> StoreError {
        let advice: String
        switch (underlying as? DatabaseError)?.resultCode {
        case .SQLITE_BUSY?, .SQLITE_LOCKED?:
            return StoreError(
                code: "database_busy",
                message: "cannot open the database \(path): it is busy, another process has held its write lock "
                    + "longer than this one waits (\(busyTimeoutSeconds) s): try again when that process has finished")
        case .SQLITE_NOTADB?, .SQLITE_CORRUPT?:
            advice = "it is not a Moonwire database: set MOONWIRE_DB to another path, or move that file away"
        case .SQLITE_CANTOPEN?, .SQLITE_READONLY?, .SQLITE_PERM?, .SQLITE_AUTH?:
            advice = "set MOONWIRE_DB to a path this user may write, in a directory that exists or can be made"
        default:
            advice = "set MOONWIRE_DB to a writable path"
        }
        return StoreError(code: "open_failed", message: "cannot open the database \(path): \(underlying) (\(advice))")
    }

    /// A query failed.
    static func queryFailed(_ what: String, _ underlying: any Error) -> StoreError {
        switch (underlying as? DatabaseError)?.resultCode {
        case .SQLITE_BUSY?, .SQLITE_LOCKED?:
            return StoreError(
                code: "database_busy",
                message: "\(what) failed: the database is busy, another process has held its write lock longer than "
                    + "this one waits (\(busyTimeoutSeconds) s): try again when that process has finished")
        default:
            return StoreError(code: "query_failed", message: "\(what) failed: \(underlying)")
        }
    }
}
