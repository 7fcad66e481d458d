/// An RCS template: `{id, name, rcs_type, text, card{}, carousel{}, shorturl{}, fallback_content,
/// fallback_sender, isModel}` [G: MindCloud's `GET /models/rcs`]. That the card and the carousel's
/// cards take the send's card shape, and that `carousel` is `{cards: […]}`, is [I].
public struct ConexteoRCSTemplate: Decodable, Sendable, Hashable {
    /// Conexteo's id, read as text.
    public var id: String
    public var name: String
    /// The message; nil when the type is one Moonwire does not model or its part is missing.
    public var content: ConexteoRCSContent?
    /// `rcs_type` as Conexteo gave it.
    public var rcsType: String?
    /// The SMS sent to handsets without RCS, if the template has one.
    public var fallback: ConexteoRCSFallback?
    /// Conexteo's `isModel` flag.
    public var isModel: Bool?

    enum CodingKeys: String, CodingKey {
        case id, name, text, card, carousel, isModel
        case rcsType = "rcs_type"
        case fallbackContent = "fallback_content"
        case fallbackSender = "fallback_sender"
    }

    private struct Carousel: Decodable { var cards: [ConexteoRCSCard] }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(LosslessString.self, forKey: .id).value
        name = c.lenientString(.name) ?? ""
        rcsType = c.lenientString(.rcsType)
        switch rcsType {
        case "text": content = c.lenientString(.text).map(ConexteoRCSContent.text)
        case "card": content = (try? c.decodeIfPresent(ConexteoRCSCard.self, forKey: .card)).flatMap { $0 }.map(ConexteoRCSContent.card)
        case "carousel":
            content = (try? c.decodeIfPresent(Carousel.self, forKey: .carousel)).flatMap { $0 }.map { .carousel($0.cards) }
        default: content = nil
        }
        fallback = c.lenientString(.fallbackContent).map {
            ConexteoRCSFallback(content: $0, sender: c.lenientString(.fallbackSender))
        }
        isModel = try? c.decodeIfPresent(Bool.self, forKey: .isModel)
    }
}
