import Foundation

/// One attempt by the sandbox's Conerix emulation to POST an event to a webhook endpoint.
public struct SandboxWebhookDelivery: Sendable, Hashable {
    /// The position in attempt order, assigned when stored.
    public var seq: Int64?
    /// The endpoint posted to, `whe_…`.
    public var endpointID: String
    /// The event posted, `evt_…` (the same id on every attempt of one event).
    public var eventID: String
    /// `message.sent`, `message.delivered` or `message.failed`.
    public var eventType: String
    /// The message the event is about, `msg_…`.
    public var messageID: String
    /// 1 for the first try, then 2, 3…
    public var attempt: Int
    /// The endpoint's HTTP status; nil when no answer came (refused connection, timeout).
    public var statusCode: Int?
    /// Why the attempt failed; nil when the endpoint answered 2xx.
    public var error: String?
    /// When the attempt was made.
    public var attemptedAt: Date

    /// True when the endpoint took the event (answered 2xx).
    public var succeeded: Bool { error == nil && statusCode.map { (200..<300).contains($0) } == true }

    /// An attempt not yet stored (`seq` is assigned on insert).
    public init(
        endpointID: String, eventID: String, eventType: String, messageID: String, attempt: Int, statusCode: Int?,
        error: String?, attemptedAt: Date
    ) {
        self.endpointID = endpointID
        self.eventID = eventID
        self.eventType = eventType
        self.messageID = messageID
        self.attempt = attempt
        self.statusCode = statusCode
        self.error = error
        self.attemptedAt = attemptedAt
    }
}
