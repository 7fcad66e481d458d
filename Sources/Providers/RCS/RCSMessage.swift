import SMSCore

/// One RCS message to one recipient: a text, a card or a carousel, with the SMS that handsets
/// without RCS get instead. Stored as JSON in the outbox (`{type, data, fallback}`, Conexteo's
/// shape) until the dispatcher sends it.
public struct RCSMessage: Codable, Sendable, Hashable {
    /// The recipient, E.164.
    public var to: String
    public var content: ConexteoRCSContent
    public var fallback: ConexteoRCSFallback?
    /// The dedup key (the outbox's); set by the dispatcher.
    public var externalID: String?

    /// A message.
    public init(to: String, content: ConexteoRCSContent, fallback: ConexteoRCSFallback? = nil, externalID: String? = nil) {
        self.to = to
        self.content = content
        self.fallback = fallback
        self.externalID = externalID
    }

    /// What a list of sends shows for it: the text, or the cards' titles.
    public var summary: String {
        switch content {
        case .text(let text): return text
        case .card(let card): return "[card] " + ([card.title, card.description].compactMap { $0 }.joined(separator: " — "))
        case .carousel(let cards): return "[carousel] " + cards.map { $0.title ?? "card" }.joined(separator: " | ")
        }
    }

    enum CodingKeys: String, CodingKey {
        case to, type, data, fallback
        case externalID = "external_id"
    }

    private struct TextData: Codable { var text: String }
    private struct CarouselData: Codable { var cards: [ConexteoRCSCard] }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        to = try c.decode(String.self, forKey: .to)
        switch try c.decode(String.self, forKey: .type) {
        case "text": content = .text(try c.decode(TextData.self, forKey: .data).text)
        case "card": content = .card(try c.decode(ConexteoRCSCard.self, forKey: .data))
        case "carousel": content = .carousel(try c.decode(CarouselData.self, forKey: .data).cards)
        case let other:
            throw DecodingError.dataCorruptedError(forKey: .type, in: c, debugDescription: "unknown RCS type \(other)")
        }
        fallback = try c.decodeIfPresent(ConexteoRCSFallback.self, forKey: .fallback)
        externalID = try c.decodeIfPresent(String.self, forKey: .externalID)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(to, forKey: .to)
        try c.encode(content.typeName, forKey: .type)
        switch content {
        case .text(let text): try c.encode(TextData(text: text), forKey: .data)
        case .card(let card): try c.encode(card, forKey: .data)
        case .carousel(let cards): try c.encode(CarouselData(cards: cards), forKey: .data)
        }
        try c.encodeIfPresent(fallback, forKey: .fallback)
        try c.encodeIfPresent(externalID, forKey: .externalID)
    }
}
