import Foundation

/// A Conexteo login: the JWT that sub-account management requires (seed: "a JWT token is
/// required"), and when it stops being accepted. The token prints as `[REDACTED]`.
public struct ConexteoSession: Sendable, Hashable, CustomStringConvertible {
    /// The token sent as `Authorization: Bearer <token>`.
    public var token: ProviderSecret
    /// The scheme Conexteo named (`Bearer`).
    public var tokenType: String
    /// When the token expires, by this machine's clock.
    public var expiresAt: Date

    /// A session, e.g. one restored from a previous login.
    public init(token: ProviderSecret, tokenType: String = "Bearer", expiresAt: Date) {
        self.token = token
        self.tokenType = tokenType
        self.expiresAt = expiresAt
    }

    /// True when the token has expired at `date`.
    public func isExpired(at date: Date = Date()) -> Bool { expiresAt <= date }

    public var description: String {
        "Conexteo session \(token) until \(expiresAt.formatted(.iso8601))"
    }
}
