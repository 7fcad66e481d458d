/// The answer to a file upload (stops or contacts): `{success, message, added, duplicates,
/// invalid: [{line, value, reason}]}`. No public source shows it; the shape is the sandbox's [I].
public struct ConexteoFileImport: Decodable, Sendable, Hashable {
    /// A line of the file that was not imported, and why.
    public struct InvalidLine: Decodable, Sendable, Hashable {
        /// The 1-based line number in the file (the header, when there is one, is line 1).
        public var line: Int
        /// The value that was refused.
        public var value: String
        /// Why it was refused.
        public var reason: String

        enum CodingKeys: String, CodingKey { case line, value, reason }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            line = c.lenientInt(.line) ?? 0
            value = c.lenientString(.value) ?? ""
            reason = c.lenientString(.reason) ?? ""
        }
    }

    /// False when Conexteo says the import failed.
    public var success: Bool?
    /// Conexteo's own words about the import.
    public var message: String?
    /// Rows imported.
    public var added: Int
    /// Rows already present (or repeated in the file), not imported again.
    public var duplicates: Int
    /// Rows refused.
    public var invalid: [InvalidLine]

    enum CodingKeys: String, CodingKey { case success, message, added, duplicates, invalid }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        success = try? c.decodeIfPresent(Bool.self, forKey: .success)
        message = c.lenientString(.message)
        added = c.lenientInt(.added) ?? 0
        duplicates = c.lenientInt(.duplicates) ?? 0
        invalid = (try? c.decodeIfPresent([InvalidLine].self, forKey: .invalid)) ?? []
    }
}
