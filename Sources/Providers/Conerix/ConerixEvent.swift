import Foundation

/// A webhook event Conerix posts to a registered endpoint (providers.md §2 [V]):
/// `{"id": "evt_…", "object": "event", "type", "created_at", "data": {message}}`.
/// Read it with ``ConerixWebhook/event(body:signatureHeader:secret:now:tolerance:)``, which
/// verifies the signature first.
public struct ConerixEvent: Decodable, Sendable, Hashable {
    /// `evt_…`; the same event may arrive twice (a retried delivery), so dedup on it.
    public var id: String
    /// Always `event`.
    public var object: String
    /// The type as sent, e.g. `message.delivered`; ``eventType`` names the known ones.
    public var type: String
    /// When Conerix created the event, ISO 8601 (`2026-05-12T11:34:21+00:00`).
    public var createdAt: String
    /// The message the event is about.
    public var data: ConerixEventMessage

    /// The type, when it is one Moonwire knows; nil for a type Conerix added since, which a
    /// receiver should acknowledge and ignore rather than refuse.
    public var eventType: ConerixEventType? { ConerixEventType(rawValue: type) }

    /// ``createdAt`` as a date, when it parses.
    public var createdDate: Date? { try? Date(createdAt, strategy: .iso8601) }

    /// Creates an event (for tests and emulators; receivers decode them).
    public init(id: String, object: String = "event", type: String, createdAt: String, data: ConerixEventMessage) {
        self.id = id
        self.object = object
        self.type = type
        self.createdAt = createdAt
        self.data = data
    }

    enum CodingKeys: String, CodingKey {
        case id, object, type, data
        case createdAt = "created_at"
    }
}
