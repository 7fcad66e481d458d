/// The body of `POST /messages/rcs`: `{type, contacts: [{recipient}], data, fallback?}`
/// [V: the n8n node], plus `external_id` as on every send [I: the seed documents it for
/// "message creation payloads"].
struct ConexteoRCSRequest: Encodable {
    var content: ConexteoRCSContent
    /// E.164 numbers.
    var recipients: [String]
    var fallback: ConexteoRCSFallback?
    var externalID: String

    enum CodingKeys: String, CodingKey {
        case type, contacts, data, fallback
        case externalID = "external_id"
    }

    private struct Contact: Encodable { var recipient: String }
    private struct TextData: Encodable { var text: String }
    private struct CarouselData: Encodable { var cards: [ConexteoRCSCard] }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(content.typeName, forKey: .type)
        try c.encode(recipients.map(Contact.init(recipient:)), forKey: .contacts)
        switch content {
        case .text(let text): try c.encode(TextData(text: text), forKey: .data)
        case .card(let card): try c.encode(card, forKey: .data)
        case .carousel(let cards): try c.encode(CarouselData(cards: cards), forKey: .data)
        }
        try c.encodeIfPresent(fallback, forKey: .fallback)
        try c.encode(externalID, forKey: .externalID)
    }
}
