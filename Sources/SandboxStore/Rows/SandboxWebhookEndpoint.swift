import Foundation

/// A webhook endpoint registered with the sandbox's Conerix emulation.
public struct SandboxWebhookEndpoint: Sendable, Hashable {
    /// `whe_` then random characters.
    public var id: String
    /// Where events are to be POSTed.
    public var url: String
    /// What the endpoint is for, as its owner described it.
    public var description: String
    /// Event types, e.g. `message.delivered`.
    public var events: [String]
    /// The HMAC-SHA256 key for `Conerix-Signature`, `whsec_…`.
    public var signingSecret: String
    /// False when events are not to be posted to it.
    public var isActive: Bool
    /// When it was registered.
    public var createdAt: Date

    /// Creates an endpoint record.
    public init(
        id: String, url: String, description: String, events: [String], signingSecret: String, isActive: Bool,
        createdAt: Date
    ) {
        self.id = id
        self.url = url
        self.description = description
        self.events = events
        self.signingSecret = signingSecret
        self.isActive = isActive
        self.createdAt = createdAt
    }
}
