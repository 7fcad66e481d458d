/// A message as Conerix reports it after `POST /v1/messages/send` (seed, "Sending SMS").
public struct ConerixMessage: Decodable, Sendable, Hashable {
    /// `msg_…`.
    public var id: String
    /// `sent`, `delivered` or `failed`.
    public var status: String
    public var to: String?
    public var from: String?
    public var body: String?
    /// The total price of the message's segments.
    public var cost: Double?
    public var currency: String?
    public var routeID: Int?
    /// The upstream carrier's id.
    public var providerMessageID: String?
    public var attempts: Int?
    /// ISO 8601.
    public var createdAt: String?
    /// ISO 8601.
    public var sentAt: String?
    /// The caller's correlation id, echoed back.
    public var reference: String?

    enum CodingKeys: String, CodingKey {
        case id, status, to, from, body, cost, currency, attempts, reference
        case routeID = "route_id"
        case providerMessageID = "provider_message_id"
        case createdAt = "created_at"
        case sentAt = "sent_at"
    }
}
