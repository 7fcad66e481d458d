import Foundation

/// The answer to a script's HTTP call, whatever its status.
public struct OutboundResponse: Sendable, Hashable {
    /// The HTTP status (200, 404, 503...).
    public var status: Int
    /// The headers, names lowercased, in the order received.
    public var headers: [OutboundHeader]
    /// The body, at most the request's cap.
    public var body: [UInt8]
    /// The URL that answered (after redirects).
    public var url: String

    /// An answer.
    public init(status: Int, headers: [OutboundHeader], body: [UInt8], url: String) {
        self.status = status
        self.headers = headers
        self.body = body
        self.url = url
    }

    /// The value of header `name` (lowercase); repeated headers are joined with ", ".
    public func header(_ name: String) -> String? {
        let values = headers.filter { $0.name == name }.map(\.value)
        return values.isEmpty ? nil : values.joined(separator: ", ")
    }

    /// How long the answer asks to wait before trying again (`Retry-After`, seconds or an HTTP
    /// date), read as the providers' client reads it.
    public func retryAfter(now: Date) -> Duration? {
        header("retry-after").flatMap { RateLimitHint.parseRetryAfter($0.trimmingCharacters(in: .whitespaces), now: now) }
    }

    /// True when the body is JSON by its content type (`application/json`, `...+json`).
    public var isJSON: Bool {
        guard let type = header("content-type")?.split(separator: ";").first?.trimmingCharacters(in: .whitespaces).lowercased() else { return false }
        return type == "application/json" || type.hasSuffix("+json")
    }
}

