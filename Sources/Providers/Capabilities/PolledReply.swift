import Foundation

/// A reply as a ``ReplyPollingProvider`` lists it.
public struct PolledReply: Sendable, Hashable {
    /// The provider's id for the reply: inbound messages are stored once per id.
    public var id: String
    /// The number that replied, as the provider writes it (parse it before use).
    public var from: String?
    /// The number or sender id the reply was sent to.
    public var to: String?
    /// The reply's text.
    public var body: String
    /// When the provider received it.
    public var receivedAt: Date?

    /// A reply from its parts.
    public init(id: String, from: String?, to: String?, body: String, receivedAt: Date?) {
        self.id = id
        self.from = from
        self.to = to
        self.body = body
        self.receivedAt = receivedAt
    }
}
