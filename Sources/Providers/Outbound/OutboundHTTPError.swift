/// Why a script's HTTP call got no answer: a stable code (`err.code` in Lua), a message naming
/// the offending value with what to do, and whether calling again may succeed.
public struct OutboundHTTPError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The vocabulary of `err.code`.
    public enum Code: String, Sendable, Hashable, CaseIterable {
        /// The URL is malformed, or not http or https.
        case badURL = "bad_url"
        /// The address is loopback, private, link-local or metadata, and not allowed.
        case blockedAddress = "blocked_address"
        /// The host name does not resolve.
        case unknownHost = "unknown_host"
        /// Nothing listens there (connection refused or unreachable).
        case refused
        /// No complete answer before the timeout.
        case timeout
        /// The answer's body is larger than the cap.
        case tooLarge = "too_large"
        /// More redirects than allowed.
        case tooManyRedirects = "too_many_redirects"
        /// The TLS handshake failed (certificate, protocol).
        case tls
        /// The connection broke before a whole answer.
        case connectionLost = "connection_lost"
        /// The call was cancelled (the script was stopped).
        case cancelled
        /// `MOONWIRE_HTTP_ALLOW` cannot be read.
        case badConfiguration = "bad_configuration"
    }

    public var code: Code
    public var message: String
    /// True when calling again may succeed and does no harm: no connection was made (refused,
    /// unknown host), or the answer was lost (timeout, lost connection) on a call that may be
    /// repeated (see ``OutboundRequest/isRepeatable``).
    public var retryable: Bool

    /// An error with its code and message; `retryable` by its code unless given.
    public init(_ code: Code, _ message: String, retryable: Bool? = nil) {
        self.code = code
        self.message = message
        self.retryable = retryable ?? [.timeout, .connectionLost, .refused, .unknownHost].contains(code)
    }

    public var description: String { "\(code.rawValue): \(message)" }
}
