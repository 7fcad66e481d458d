/// One kind of look-alike that smart encoding replaced, and how often.
public struct SmartReplacement: Sendable, Hashable {
    /// The character that was in the text, e.g. `"’"`.
    public var original: String
    /// What it became, e.g. `"'"`; empty when the character was removed.
    public var replacement: String
    /// How many times it was replaced.
    public var count: Int

    /// Creates a replacement record.
    public init(original: String, replacement: String, count: Int) {
        self.original = original
        self.replacement = replacement
        self.count = count
    }
}
