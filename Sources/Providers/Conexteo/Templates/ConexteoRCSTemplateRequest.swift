/// The body of `POST /models/rcs` and `PUT /models/rcs/:id` [I: only the read shape is public
/// (MindCloud [G]); the sandbox takes the same fields back]: `{name, rcs_type, text | card |
/// carousel: {cards}, fallback_content?, fallback_sender?}`. An update may leave any out.
struct ConexteoRCSTemplateRequest: Encodable {
    var name: String?
    var content: ConexteoRCSContent?
    var fallback: ConexteoRCSFallback?

    enum CodingKeys: String, CodingKey {
        case name, text, card, carousel
        case rcsType = "rcs_type"
        case fallbackContent = "fallback_content"
        case fallbackSender = "fallback_sender"
    }

    private struct Carousel: Encodable { var cards: [ConexteoRCSCard] }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(name, forKey: .name)
        if let content {
            try c.encode(content.typeName, forKey: .rcsType)
            switch content {
            case .text(let text): try c.encode(text, forKey: .text)
            case .card(let card): try c.encode(card, forKey: .card)
            case .carousel(let cards): try c.encode(Carousel(cards: cards), forKey: .carousel)
            }
        }
        if let fallback {
            try c.encode(fallback.content, forKey: .fallbackContent)
            try c.encodeIfPresent(fallback.sender, forKey: .fallbackSender)
        }
    }
}
