/// One HTTP call a script asks for, checked and bounded by ``OutboundHTTPClient``.
public struct OutboundRequest: Sendable, Hashable {
    /// GET, POST, PUT, PATCH, DELETE, HEAD or OPTIONS.
    public var method: String
    /// An absolute http or https URL.
    public var url: String
    /// Request headers in the order given.
    public var headers: [OutboundHeader]
    /// The body, if any.
    public var body: [UInt8]?
    /// The longest the whole call may take, redirects included.
    public var timeout: Duration
    /// The largest answer body read; a larger one is `too_large`.
    public var maxResponseBytes: Int

    /// The default timeout (10 s) and its ceiling (60 s).
    public static let defaultTimeout = Duration.seconds(10)
    public static let maximumTimeout = Duration.seconds(60)
    /// The default response cap: 1 MiB.
    public static let defaultMaxResponseBytes = 1 << 20
    /// Redirects followed before `too_many_redirects`.
    public static let maximumRedirects = 5

    /// A request; the limits default to 10 s and 1 MiB.
    public init(
        method: String, url: String, headers: [OutboundHeader] = [], body: [UInt8]? = nil,
        timeout: Duration = OutboundRequest.defaultTimeout, maxResponseBytes: Int = OutboundRequest.defaultMaxResponseBytes
    ) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeout = timeout
        self.maxResponseBytes = maxResponseBytes
    }

    /// True when making the call twice does no more than once: an idempotent method, or an
    /// `Idempotency-Key` the server can deduplicate on (`flow:http` always sends one).
    public var isRepeatable: Bool {
        ["GET", "HEAD", "OPTIONS", "PUT", "DELETE"].contains(method) || header("idempotency-key") != nil
    }

    /// The value of header `name` (compared case-insensitively), if set.
    public func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }
}

/// One header of a request or an answer.
public struct OutboundHeader: Sendable, Hashable {
    public var name: String
    public var value: String

    /// A header.
    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}
