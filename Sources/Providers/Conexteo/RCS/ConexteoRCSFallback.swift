/// The SMS Conexteo sends to handsets that cannot receive RCS: `{content, sender?}` [V: n8n].
public struct ConexteoRCSFallback: Codable, Sendable, Hashable {
    /// The SMS text.
    public var content: String
    /// The SMS sender; nil for the account's default.
    public var sender: String?

    /// A fallback SMS.
    public init(content: String, sender: String? = nil) {
        self.content = content
        self.sender = sender
    }

    enum CodingKeys: String, CodingKey { case content, sender }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        content = c.lenientString(.content) ?? ""
        sender = c.lenientString(.sender)
    }
}
