/// An SMS template ("modèle"): `{id, name, content, sender}` [G: MindCloud, for `POST /models`,
/// `GET /models` and `GET /models/:id`].
public struct ConexteoTemplate: Decodable, Sendable, Hashable {
    /// Conexteo's id (a number in the sandbox, read as text either way).
    public var id: String
    public var name: String
    /// The text, which may hold `#name#` variables for a dynamic send [I].
    public var content: String
    public var sender: String?

    enum CodingKeys: String, CodingKey { case id, name, content, sender }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(LosslessString.self, forKey: .id).value
        name = c.lenientString(.name) ?? ""
        content = c.lenientString(.content) ?? ""
        sender = c.lenientString(.sender)
    }
}
