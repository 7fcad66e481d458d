/// Conexteo's answer to `PUT /messages/:id/cancel` [I: neither the path's answer nor the refund
/// is public; the sandbox answers `{success, message, message_id, state, credits_refunded,
/// credits_remaining}`].
public struct ConexteoCancellation: Decodable, Sendable, Hashable {
    /// The cancelled send.
    public var messageID: String?
    /// Conexteo's own words.
    public var message: String?
    /// The send's state afterwards (`cancelled`).
    public var state: String?
    /// Credits given back to the account.
    public var creditsRefunded: Double?
    /// The balance after the refund.
    public var creditsRemaining: Double?

    enum CodingKeys: String, CodingKey {
        case message, state
        case messageID = "message_id"
        case creditsRefunded = "credits_refunded"
        case creditsRemaining = "credits_remaining"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        messageID = c.lenientString(.messageID)
        message = c.lenientString(.message)
        state = c.lenientString(.state)
        creditsRefunded = c.lenientDouble(.creditsRefunded)
        creditsRemaining = c.lenientDouble(.creditsRemaining)
    }
}
