/// A persistence failure a user can act on: which database, what went wrong, what to try.
/// Every backend throws it; Engine throws it too, to abort a journal transaction.
public struct StorageError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of failure, stable across backends (stored and shown as its raw text).
    public enum Code: String, Sendable, Hashable, CaseIterable {
        /// The database could not be opened or migrated.
        case openFailed = "open_failed"
        /// Another process held the database's write lock longer than this one waits (retryable).
        case databaseBusy = "database_busy"
        /// A read-only open found no database at the path.
        case noDatabase = "no_database"
        /// A read-only open found a database with an older schema than this version reads.
        case outdatedDatabase = "outdated_database"
        /// A query failed (busy, I/O, constraint...).
        case queryFailed = "query_failed"
        /// The record asked for does not exist.
        case notFound = "not_found"
        /// A stored value is not one this version knows.
        case corruptRow = "corrupt_row"
        /// A contact list named by the caller does not exist.
        case unknownList = "unknown_list"
        /// The flow run is no longer active: the journal transaction is rolled back.
        case flowNotActive = "flow_not_active"
        /// The database rolled back a batch of writes.
        case transactionAborted = "transaction_aborted"
        /// A write was refused by the code that asked for it (its transaction rolls back).
        case refused
        /// A bug: something that cannot happen did.
        case `internal`
    }

    /// The kind of failure.
    public var code: Code
    /// What happened, naming the file or the record involved.
    public var message: String
    /// True when the same work may succeed later (the database was busy or locked, an I/O error).
    public var retryable: Bool

    /// Creates an error.
    public init(_ code: Code, _ message: String, retryable: Bool = false) {
        self.code = code
        self.message = message
        self.retryable = retryable
    }

    public var description: String { message }

    /// The database could not be opened or migrated (a backend that knows the reason gives
    /// better advice: a busy database is healthy and must never be called foreign).
    public static func openFailed(path: String, _ underlying: any Error) -> StorageError {
        StorageError(.openFailed, "cannot open the database \(path): \(underlying) (set MOONWIRE_DB to a writable path)")
    }

    /// A stored text that is none of its column's vocabulary: named with the column, the value
    /// and the row, so the row can be found and mended (or the newer Moonwire that wrote it used).
    public static func unknownValue(table: String, column: String, value: String, row: String) -> StorageError {
        StorageError(
            .corruptRow,
            "\(table) row \(row): column \(column) holds '\(value)', which this version does not know "
                + "(was the database written by a newer Moonwire?)")
    }

    /// A query failed.
    public static func queryFailed(_ what: String, _ underlying: any Error) -> StorageError {
        StorageError(.queryFailed, "\(what) failed: \(underlying)")
    }
}
