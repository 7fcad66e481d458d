/// How a sub-account pays for its sends: from the parent's credits (`shared`) or from its own
/// (`dedicated`) [I: the values are not public; the seed names "Change credits consumption mode"].
public struct ConexteoCreditMode: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible {
    /// The wire value.
    public var rawValue: String

    /// Wraps a wire value (Conexteo may know modes this client does not).
    public init(rawValue: String) { self.rawValue = rawValue }

    /// The sub-account spends the parent account's credits.
    public static let shared = ConexteoCreditMode(rawValue: "shared")
    /// The sub-account spends credits moved to it.
    public static let dedicated = ConexteoCreditMode(rawValue: "dedicated")

    public var description: String { rawValue }
}
