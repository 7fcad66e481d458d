/// One call to a provider, described independently of the transport.
public struct ProviderRequest: Sendable {
    /// The HTTP method, uppercase.
    public var method: String
    /// The path below the provider's base URL, starting with `/`.
    public var path: String
    /// Query items, percent-encoded when the URL is built.
    public var query: [(name: String, value: String)]
    /// A JSON body, already encoded.
    public var body: [UInt8]?
    /// The operation's name in errors and logs, e.g. `send`, `bulk`, `credits`.
    public var operation: String
    /// True when repeating the request cannot act twice (a read, or a send carrying a dedup key).
    /// A request that is not idempotent is retried only when it surely never reached the provider.
    public var idempotent: Bool
    /// Non-2xx statuses handed back to the caller as answers rather than errors (Conexteo's 409).
    public var passthroughStatuses: Set<Int>

    /// Creates a request.
    public init(
        method: String, path: String, query: [(name: String, value: String)] = [], body: [UInt8]? = nil,
        operation: String, idempotent: Bool, passthroughStatuses: Set<Int> = []
    ) {
        self.method = method
        self.path = path
        self.query = query
        self.body = body
        self.operation = operation
        self.idempotent = idempotent
        self.passthroughStatuses = passthroughStatuses
    }
}
