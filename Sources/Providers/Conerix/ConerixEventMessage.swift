import Foundation

/// The `data` of a Conerix webhook event: the message as it stands when the event fires
/// (providers.md §2 [V]; `reference` is echoed as the seed promises).
public struct ConerixEventMessage: Decodable, Sendable, Hashable {
    /// `msg_…`, as returned by the send.
    public var id: String
    /// Always `message`.
    public var object: String
    /// The recipient, E.164.
    public var to: String
    /// The sender id.
    public var from: String
    /// `sent`, `delivered` or `failed`.
    public var status: String
    /// When the handset confirmed, ISO 8601; nil until delivered.
    public var deliveredAt: String?
    /// The caller's correlation id given at send time (Moonwire's external id), when there was one.
    public var reference: String?

    /// ``deliveredAt`` as a date, when present and parseable.
    public var deliveredDate: Date? { deliveredAt.flatMap { try? Date($0, strategy: .iso8601) } }

    /// Creates a message payload (for tests and emulators).
    public init(
        id: String, object: String = "message", to: String, from: String, status: String, deliveredAt: String? = nil,
        reference: String? = nil
    ) {
        self.id = id
        self.object = object
        self.to = to
        self.from = from
        self.status = status
        self.deliveredAt = deliveredAt
        self.reference = reference
    }

    enum CodingKeys: String, CodingKey {
        case id, object, to, from, status, reference
        case deliveredAt = "delivered_at"
    }
}
