/// A provider failure: a stable code, a message naming what failed, and whether trying again
/// can help (DESIGN.md §2.4: only retryable failures are ever retried).
public struct ProviderError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A stable machine-readable code, e.g. `invalid_number`, `timeout`, `rate_limited`.
    public var code: String
    /// What happened and what to do about it; never contains an API key.
    public var message: String
    /// True when the same request may succeed later (timeouts, 5xx, 429); never for validation,
    /// auth, billing or opt-out errors.
    public var retryable: Bool
    /// The HTTP status, when the provider answered over HTTP.
    public var httpStatus: Int?
    /// The provider that failed (`sandbox`, `conexteo`, `conerix`), when known.
    public var provider: String?
    /// The operation that failed, e.g. `send`, `bulk`, `credits`.
    public var operation: String?
    /// The provider's id for the failed request (Conerix `meta.request_id` / `X-Request-Id`), to quote to support.
    public var requestID: String?

    /// Creates an error.
    public init(
        code: String, message: String, retryable: Bool = false, httpStatus: Int? = nil,
        provider: String? = nil, operation: String? = nil, requestID: String? = nil
    ) {
        self.code = code
        self.message = message
        self.retryable = retryable
        self.httpStatus = httpStatus
        self.provider = provider
        self.operation = operation
        self.requestID = requestID
    }

    /// `provider operation: code: message (HTTP status, request id)`, with the parts that are known.
    public var description: String {
        var text = ""
        switch (provider, operation) {
        case let (provider?, operation?): text = "\(provider) \(operation): "
        case let (provider?, nil): text = "\(provider): "
        case let (nil, operation?): text = "\(operation): "
        case (nil, nil): break
        }
        text += "\(code): \(message)"
        var details: [String] = []
        if let httpStatus { details.append("HTTP \(httpStatus)") }
        if let requestID { details.append("request \(requestID)") }
        if !details.isEmpty { text += " (" + details.joined(separator: ", ") + ")" }
        return text
    }
}
