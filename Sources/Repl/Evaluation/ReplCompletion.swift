/// Completions for the word before the cursor.
public struct ReplCompletion: Sendable, Hashable {
    /// The word being completed (`sms.se`), which each candidate replaces.
    public var word: String
    /// Whole replacements for ``word`` (`sms.segments`, `sms.send`), sorted.
    public var candidates: [String]

    /// A completion result.
    public init(word: String, candidates: [String]) {
        self.word = word
        self.candidates = candidates
    }

    /// Nothing to offer.
    public static let none = ReplCompletion(word: "", candidates: [])

    /// The longest prefix every candidate shares (what a Tab inserts).
    public var commonPrefix: String {
        guard var prefix = candidates.first else { return word }
        for candidate in candidates.dropFirst() {
            while !candidate.hasPrefix(prefix) { prefix.removeLast() }
        }
        return prefix
    }
}
