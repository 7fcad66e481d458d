import Foundation

/// A report the sandbox network makes about one message it accepted: delivered, at the
/// instant it was accepted. `position` orders them, for a poller's cursor.
public struct SandboxDeliveryReport: Sendable, Hashable {
    /// The reported message's position among the sandbox's messages (a poller's cursor).
    public var position: Int64
    /// The sandbox message reported on.
    public var messageID: String
    /// Its recipient, E.164.
    public var to: String
    /// When it was delivered.
    public var occurredAt: Date

    /// Creates a report.
    public init(position: Int64, messageID: String, to: String, occurredAt: Date) {
        self.position = position
        self.messageID = messageID
        self.to = to
        self.occurredAt = occurredAt
    }
}
