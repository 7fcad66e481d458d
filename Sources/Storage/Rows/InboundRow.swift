import Foundation

/// An inbound message (a reply), stored once per provider id before any handler sees it.
public struct InboundRow: Sendable, Hashable {
    /// Where a message is in routing.
    public enum Status: String, Sendable, Hashable {
        /// Stored, not yet routed to completion (routed again after a crash).
        case pending
        /// Every handler ran (errors included: they are logged, not retried).
        case handled
        /// Set aside: a limit (time budget, memory) stopped a handler on every attempt allowed;
        /// `moonwire inbound retry` routes it again.
        case poisoned
    }

    public var id: Int64?
    /// The provider it came from (`sandbox`, `conexteo`, `conerix`).
    public var provider: String
    /// The provider's id for it: the dedup key.
    public var providerID: String
    /// Who sent it, E.164.
    public var from: String
    /// The number or sender id it was sent to.
    public var to: String
    public var body: String
    public var receivedAt: Date
    public var status: Status
    /// Handler failures, one per line, when some failed.
    public var error: String?
    public var handledAt: Date?

    /// A message not yet stored.
    public init(provider: String, providerID: String, from: String, to: String, body: String, receivedAt: Date) {
        self.provider = provider
        self.providerID = providerID
        self.from = from
        self.to = to
        self.body = body
        self.receivedAt = receivedAt
        self.status = .pending
    }
}
