/// One call to a provider, described independently of the transport.
public struct ProviderRequest: Sendable {
    /// The HTTP method, uppercase.
    public var method: String
    /// The path below the provider's base URL, starting with `/`.
    public var path: String
    /// Query items, percent-encoded when the URL is built.
    public var query: [(name: String, value: String)]
    /// The body, already encoded (JSON unless ``contentType`` says otherwise).
    public var body: [UInt8]?
    /// The `Content-Type` sent with a body: JSON, or e.g. `multipart/form-data; boundary=…`.
    public var contentType: String
    /// The operation's name in errors and logs, e.g. `send`, `bulk`, `credits`.
    public var operation: String
    /// True when repeating the request cannot act twice (a read, or a send carrying a dedup key).
    /// A request that is not idempotent is retried only when it surely never reached the provider.
    public var idempotent: Bool
    /// Non-2xx statuses handed back to the caller as answers rather than errors (Conexteo's 409).
    public var passthroughStatuses: Set<Int>
    /// True when the bodies carry credentials (a password, a session token, a new account's key):
    /// neither the request body nor the answer's is ever written to a log line, since the
    /// redactor cannot know a token before the provider issues it.
    public var confidential: Bool

    /// The content type of a JSON body, the default.
    public static let json = "application/json"

    /// Creates a request.
    public init(
        method: String, path: String, query: [(name: String, value: String)] = [], body: [UInt8]? = nil,
        contentType: String = ProviderRequest.json, operation: String, idempotent: Bool,
        passthroughStatuses: Set<Int> = [], confidential: Bool = false
    ) {
        self.method = method
        self.path = path
        self.query = query
        self.body = body
        self.contentType = contentType
        self.operation = operation
        self.idempotent = idempotent
        self.passthroughStatuses = passthroughStatuses
        self.confidential = confidential
    }
}
