/// A provider failure: a stable code, a message naming what failed, and whether trying again
/// can help (DESIGN.md §2.4: only retryable failures are ever retried).
public struct ProviderError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A stable machine-readable code, e.g. `invalid_number`, `timeout`, `rate_limited`.
    public var code: String
    /// What happened and what to do about it.
    public var message: String
    /// True when the same request may succeed later (timeouts, 5xx, 429); never for validation,
    /// auth, billing or opt-out errors.
    public var retryable: Bool
    /// The HTTP status, when the provider answered over HTTP.
    public var httpStatus: Int?

    /// Creates an error.
    public init(code: String, message: String, retryable: Bool = false, httpStatus: Int? = nil) {
        self.code = code
        self.message = message
        self.retryable = retryable
        self.httpStatus = httpStatus
    }

    public var description: String { message }
}
