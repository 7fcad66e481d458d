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

    /// The database file could not be opened or migrated.
    static func openFailed(path: String, _ underlying: any Error) -> StoreError {
        StoreError(
            code: "open_failed",
            message: "cannot open the database \(path): \(underlying) "
                + "(set MOONWIRE_DB to a writable path, or remove a file that is not a Moonwire database)")
    }

    /// A query failed; a retryable failure is also recorded in ``StorageFaults/current``.
    static func queryFailed(_ what: String, _ underlying: any Error) -> StoreError {
        let error = StoreError(
            code: "query_failed", message: "\(what) failed: \(underlying)", retryable: StorageFaults.isRetryable(underlying))
        if error.retryable { StorageFaults.current?.record(error.message) }
        return error
    }
}
