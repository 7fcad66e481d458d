/// A provider's answer, fully read.
public struct ProviderResponse: Sendable {
    /// The HTTP status.
    public var status: Int
    /// The response headers in order.
    public var headers: [(name: String, value: String)]
    /// The raw body.
    public var body: [UInt8]
    /// The provider's request id, from the headers (`X-Request-Id`) or the body.
    public var requestID: String?
    /// The provider's name, for errors.
    public var provider: String
    /// The operation that produced it, for errors.
    public var operation: String
    /// Hides the provider's keys in anything quoted from the body.
    let redactor: Redactor

    /// Creates a response.
    public init(
        status: Int, headers: [(name: String, value: String)], body: [UInt8], requestID: String? = nil,
        provider: String, operation: String, redactor: Redactor = Redactor(secrets: [])
    ) {
        self.redactor = redactor
        self.status = status
        self.headers = headers
        self.body = body
        self.provider = provider
        self.operation = operation
        self.requestID = requestID ?? headers.first { $0.name.equalsHeaderName("X-Request-Id") }?.value
    }

    /// The first value of header `name`, compared case-insensitively.
    public func header(_ name: String) -> String? {
        headers.first { $0.name.equalsHeaderName(name) }?.value
    }

    /// The body as text (invalid UTF-8 repaired), for messages.
    public var text: String { String(decoding: body, as: UTF8.self) }
}
