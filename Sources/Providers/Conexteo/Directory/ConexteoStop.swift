import Foundation

/// A number on the account's stop list (opted out): `{id, recipient, timestamp}` [G: MindCloud];
/// `timestamp` is read as ISO 8601 or Unix seconds, its format not being public [I].
public struct ConexteoStop: Decodable, Sendable, Hashable {
    /// Conexteo's id for the entry, used to delete it.
    public var id: Int
    /// The stopped number, as Conexteo stores it (E.164 in the sandbox).
    public var recipient: String
    /// When the number was stopped, when Conexteo says.
    public var timestamp: Date?

    /// An entry (tests, and callers that build one by hand).
    public init(id: Int, recipient: String, timestamp: Date? = nil) {
        self.id = id
        self.recipient = recipient
        self.timestamp = timestamp
    }

    enum CodingKeys: String, CodingKey { case id, recipient, timestamp }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.requiredID(.id)
        guard let recipient = c.lenientString(.recipient) else {
            throw DecodingError.keyNotFound(CodingKeys.recipient, .init(codingPath: c.codingPath, debugDescription: "no recipient"))
        }
        self.recipient = recipient
        timestamp = c.lenientDate(.timestamp)
    }
}
