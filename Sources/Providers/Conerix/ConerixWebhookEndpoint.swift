/// A webhook endpoint Conerix will post events to (`/docs/api/webhooks`, providers.md §2).
public struct ConerixWebhookEndpoint: Decodable, Sendable, Hashable {
    /// `whe_…`.
    public var id: String
    public var url: String
    public var description: String?
    /// The event types delivered, e.g. `message.delivered`.
    public var events: [String]
    public var isActive: Bool?
    /// `whsec_…`: shown only in the creation answer, so store it then.
    public var signingSecret: ProviderSecret?

    enum CodingKeys: String, CodingKey {
        case id, url, description, events
        case isActive = "is_active"
        case signingSecret = "signing_secret"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        url = try container.decode(String.self, forKey: .url)
        description = try container.decodeIfPresent(String.self, forKey: .description)
        events = try container.decodeIfPresent([String].self, forKey: .events) ?? []
        isActive = try container.decodeIfPresent(Bool.self, forKey: .isActive)
        signingSecret = try container.decodeIfPresent(String.self, forKey: .signingSecret).map(ProviderSecret.init)
    }
}
