import Foundation

/// A delivery report: what became of a send (accepted upstream, delivered to the handset, or
/// failed), stored once per provider event before any `on.delivery` handler sees it.
public struct DeliveryRow: Sendable, Hashable {
    /// Whether the handlers have run.
    public enum Handling: String, Sendable, Hashable {
        /// Stored, handlers not yet run to completion (run again after a crash).
        case pending
        /// Every handler ran (errors included: they are logged, not retried).
        case handled
    }

    public var id: Int64?
    /// The provider it came from (`sandbox`, `conerix`).
    public var provider: String
    /// The provider's id for the event: the dedup key.
    public var eventID: String
    /// The provider's id of the message the report is about (the outbox's `provider_message_id`).
    public var messageID: String
    /// The recipient, E.164.
    public var to: String
    /// What became of the send.
    public var status: DeliveryStatus
    /// Why it failed, when the provider says.
    public var error: String?
    /// When it happened, by the provider's account.
    public var occurredAt: Date
    public var handling: Handling
    /// Handler failures, one per line, when some failed.
    public var handlerError: String?
    public var handledAt: Date?

    /// A report not yet stored.
    public init(
        provider: String, eventID: String, messageID: String, to: String, status: DeliveryStatus, error: String? = nil,
        occurredAt: Date
    ) {
        self.provider = provider
        self.eventID = eventID
        self.messageID = messageID
        self.to = to
        self.status = status
        self.error = error
        self.occurredAt = occurredAt
        self.handling = .pending
    }
}
