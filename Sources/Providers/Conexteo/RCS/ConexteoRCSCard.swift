/// An RCS rich card: `{media_message_url, title?, description?, choices?}` [V: the n8n node].
public struct ConexteoRCSCard: Codable, Sendable, Hashable {
    /// The picture or video shown on the card (required by Conexteo).
    public var mediaURL: String
    public var title: String?
    public var description: String?
    /// At most 4 buttons [I: the usual RCS limit; Conexteo publishes none].
    public var buttons: [ConexteoRCSButton]

    /// A card.
    public init(mediaURL: String, title: String? = nil, description: String? = nil, buttons: [ConexteoRCSButton] = []) {
        self.mediaURL = mediaURL
        self.title = title
        self.description = description
        self.buttons = buttons
    }

    enum CodingKeys: String, CodingKey {
        case title, description
        case mediaURL = "media_message_url"
        case buttons = "choices"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        mediaURL = c.lenientString(.mediaURL) ?? ""
        title = c.lenientString(.title)
        description = c.lenientString(.description)
        buttons = (try? c.decodeIfPresent([ConexteoRCSButton].self, forKey: .buttons)) ?? []
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(mediaURL, forKey: .mediaURL)
        try c.encodeIfPresent(title, forKey: .title)
        try c.encodeIfPresent(description, forKey: .description)
        if !buttons.isEmpty { try c.encode(buttons, forKey: .buttons) }
    }
}
