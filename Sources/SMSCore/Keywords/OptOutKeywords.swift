/// The replies that opt a number out of (or back into) messages (DESIGN.md §2.7): a reply counts
/// only when the whole reply, folded by ``KeywordText``, is one of the configured words or
/// phrases, so "stop" inside a sentence ("stop calling me at work") is an ordinary reply.
public struct OptOutKeywords: Sendable, Hashable {
    /// Replies that opt out, folded.
    public private(set) var stopPhrases: Set<String>
    /// Replies that opt back in, folded.
    public private(set) var startPhrases: Set<String>

    /// French and English defaults: STOP, ARRET, STOP SMS, UNSUBSCRIBE...; START, UNSTOP...
    public static let standard = OptOutKeywords(
        stop: [
            "STOP", "STOP SMS", "STOPSMS", "ARRET", "ARRETER", "STOP ALL", "STOPALL", "UNSUBSCRIBE", "CANCEL",
            "END", "QUIT", "DESABONNER", "DESABONNEMENT", "DESINSCRIPTION", "DESINSCRIRE", "STOP PUB",
        ],
        start: ["START", "UNSTOP", "SUBSCRIBE", "RESUME", "ABONNER", "REABONNER"])

    /// A keyword set; each phrase is folded, so "Arrêt" and "ARRET" are the same entry.
    public init(stop: [String], start: [String]) {
        stopPhrases = Set(stop.map(KeywordText.fold).filter { !$0.isEmpty })
        startPhrases = Set(start.map(KeywordText.fold).filter { !$0.isEmpty })
    }

    /// What a reply asks for, if anything.
    public func intent(of reply: String) -> OptOutIntent? {
        let folded = KeywordText.fold(reply)
        if stopPhrases.contains(folded) { return .stop }
        if startPhrases.contains(folded) { return .start }
        return nil
    }
}

/// What an opt-out keyword asks for.
public enum OptOutIntent: String, Sendable, Hashable {
    /// Stop sending to this number.
    case stop
    /// Start sending again.
    case start
}
