import Foundation

/// One recipient of a send, as `GET /messages/:id/recipients/sms` and `…/rcs` list them.
/// `recipient` and `status` are [I] from the seed's schema names (`MessagesDestinatairesRo`,
/// `SmsStatus`, `RcsStatus`: their bodies are not public); the rest is the sandbox's [I].
public struct ConexteoMessageRecipient: Decodable, Sendable, Hashable {
    /// The number, E.164.
    public var recipient: String
    /// The delivery status; the sandbox says `accepted`, `scheduled` or `cancelled` [I].
    public var status: String?
    /// The recipient's own message id, when the answer gives one.
    public var id: String?
    /// SMS billed for this recipient (segments), when the answer says.
    public var smsCount: Int?
    /// The text this recipient got (a dynamic send's filled-in content), when the answer says.
    public var content: String?
    /// When the recipient's message was submitted, when the answer says.
    public var createdAt: Date?

    enum CodingKeys: String, CodingKey {
        case recipient, status, id, content
        case smsCount = "sms_count"
        case createdAt = "created_at"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        recipient = try c.decode(LosslessString.self, forKey: .recipient).value
        status = c.lenientString(.status)
        id = c.lenientString(.id)
        smsCount = c.lenientInt(.smsCount)
        content = c.lenientString(.content)
        createdAt = c.lenientDate(.createdAt)
    }
}
