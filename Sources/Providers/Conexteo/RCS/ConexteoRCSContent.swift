/// What an RCS message shows: Conexteo's `type` (`text`, `card`, `carousel`) with its `data`
/// (`{text}`, a card, `{cards: [card…]}`) [V: the n8n node].
public enum ConexteoRCSContent: Sendable, Hashable {
    /// Plain text.
    case text(String)
    /// One rich card.
    case card(ConexteoRCSCard)
    /// Cards side by side: 2 to 10 [I: the usual RCS limits; Conexteo publishes none].
    case carousel([ConexteoRCSCard])

    /// Conexteo's name for the type.
    public var typeName: String {
        switch self {
        case .text: "text"
        case .card: "card"
        case .carousel: "carousel"
        }
    }
}
