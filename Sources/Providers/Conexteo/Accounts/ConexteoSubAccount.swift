import Foundation

/// A sub-account: `{id, name, email, credits, credit_mode, created_at}`, plus `api_key` in the
/// answer to its creation [I: only the schema names `subAccount` and `subAccountWithCredentials`
/// are public].
public struct ConexteoSubAccount: Decodable, Sendable, Hashable {
    /// Conexteo's id for the sub-account.
    public var id: Int
    /// The sub-account's display name.
    public var name: String
    /// The sub-account's login email.
    public var email: String?
    /// Its own credit balance, when Conexteo says.
    public var credits: Int?
    /// Whose credits its sends spend.
    public var creditMode: ConexteoCreditMode?
    /// When it was created, when Conexteo says.
    public var createdAt: Date?
    /// The sub-account's API key, sent only when it is created; redacted wherever shown.
    public var apiKey: ProviderSecret?

    enum CodingKeys: String, CodingKey {
        case id, name, email, credits
        case creditMode = "credit_mode"
        case createdAt = "created_at"
        case apiKey = "api_key"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.requiredID(.id)
        name = c.lenientString(.name) ?? ""
        email = c.lenientString(.email)
        credits = c.lenientInt(.credits)
        creditMode = c.lenientString(.creditMode).map(ConexteoCreditMode.init(rawValue:))
        createdAt = c.lenientDate(.createdAt)
        apiKey = c.lenientString(.apiKey).map(ProviderSecret.init)
    }
}
