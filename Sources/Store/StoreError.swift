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

    /// The database file could not be opened or migrated.
    static func openFailed(path: String, _ underlying: any Error) -> StoreError {
        StoreError(
            code: "open_failed",
            message: "cannot open the database \(path): \(underlying) "
                + "(set MOONWIRE_DB to a writable path, or remove a file that is not a Moonwire database)")
    }

    /// A query failed.
    static func queryFailed(_ what: String, _ underlying: any Error) -> StoreError {
        StoreError(code: "query_failed", message: "\(what) failed: \(underlying)")
    }
}
