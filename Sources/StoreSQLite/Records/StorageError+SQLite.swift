import GRDB
import Storage

extension StorageError {
    /// A stored value this version does not know.
    static func corrupt(_ what: String, _ value: String) -> StorageError {
        StorageError(.corruptRow, "\(what) has an unknown value '\(value)' (was the database written by a newer Moonwire?)")
    }

    /// The busy message: a busy database is healthy, so it never advises to remove the file.
    private static func busy(_ prefix: String) -> StorageError {
        StorageError(
            .databaseBusy,
            "\(prefix): the database is busy, another process has held its write lock longer than this one waits "
                + "(MOONWIRE_BUSY_TIMEOUT, default 10 s): try again when that process has finished",
            retryable: true)
    }

    /// The SQLite file could not be opened or migrated; the advice follows SQLite's reason.
    static func sqliteOpenFailed(path: String, _ underlying: any Error) -> StorageError {
        if let error = underlying as? StorageError { return error }
        let advice: String
        switch (underlying as? DatabaseError)?.resultCode.primaryResultCode {
        case .SQLITE_BUSY?, .SQLITE_LOCKED?:
            return busy("cannot open the database \(path)")
        case .SQLITE_NOTADB?, .SQLITE_CORRUPT?:
            advice = "it is not a Moonwire database: set MOONWIRE_DB to another path, or move that file away"
        case .SQLITE_CANTOPEN?, .SQLITE_READONLY?, .SQLITE_PERM?, .SQLITE_AUTH?:
            advice = "set MOONWIRE_DB to a path this user may write, in a directory that exists or can be made"
        default:
            advice = "set MOONWIRE_DB to a writable path"
        }
        return StorageError(.openFailed, "cannot open the database \(path): \(underlying) (\(advice))")
    }

    /// A query failed; a retryable failure (busy, locked, I/O) is also recorded in
    /// ``StorageFaults/current``, so the engine keeps the work pending.
    static func sqliteQueryFailed(_ what: String, _ underlying: any Error) -> StorageError {
        if let error = underlying as? StorageError { return error }
        let error: StorageError
        switch (underlying as? DatabaseError)?.resultCode.primaryResultCode {
        case .SQLITE_BUSY?, .SQLITE_LOCKED?:
            error = busy("\(what) failed")
        case .SQLITE_IOERR?:
            error = StorageError(.queryFailed, "\(what) failed: \(underlying)", retryable: true)
        default:
            error = StorageError(.queryFailed, "\(what) failed: \(underlying)")
        }
        if error.retryable { StorageFaults.current?.record(error.message) }
        return error
    }
}
