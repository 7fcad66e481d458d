import Foundation

/// A message a handset sent back, as `GET /messages/replies` and `/messages/replies/extract`
/// list it. Every field is [I]: the schemas (`Reponses`, `RepliesHistoryRo`) are not public, and
/// MindCloud's copy of the history fields is not to be trusted. The sandbox answers `{id,
/// recipient, content, sender, message_id, created_at}`; the webhook's `content` [V] is the one
/// field known for sure, so the others are read leniently, under a few likely names.
public struct ConexteoInboundReply: Decodable, Sendable, Hashable {
    /// The reply's id.
    public var id: String
    /// The number that replied, as Conexteo gives it (E.164 in the sandbox).
    public var from: String?
    /// The reply's text.
    public var content: String
    /// The number or sender id the reply was sent to.
    public var to: String?
    /// The send this answers, when Conexteo knows it.
    public var messageID: String?
    /// When the reply arrived.
    public var receivedAt: Date?

    enum CodingKeys: String, CodingKey {
        case id, recipient, content, sender, from, message, phone, number, to, date
        case replyID = "reply_id"
        case messageID = "message_id"
        case lastMessageID = "last_message_id"
        case createdAt = "created_at"
        case receivedAt = "received_at"
    }

    /// A reply from its parts.
    public init(id: String, from: String?, content: String, to: String? = nil, messageID: String? = nil, receivedAt: Date? = nil) {
        self.id = id
        self.from = from
        self.content = content
        self.to = to
        self.messageID = messageID
        self.receivedAt = receivedAt
    }

    /// Reads the polled shape (`{id, recipient, content, sender, message_id, created_at}`) and
    /// the webhook's, whose fields beyond `content` are guesses [I]: `from`/`phone`/`number`,
    /// `message`, `reply_id`, `to`, `last_message_id`, `date`/`received_at`.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        guard let id = c.lenientString(.id) ?? c.lenientString(.replyID) else {
            throw DecodingError.keyNotFound(CodingKeys.id, .init(codingPath: c.codingPath, debugDescription: "a reply has no id"))
        }
        self.id = id
        from = c.lenientString(.recipient) ?? c.lenientString(.from) ?? c.lenientString(.phone) ?? c.lenientString(.number)
        guard let text = c.lenientString(.content) ?? c.lenientString(.message) else {
            throw DecodingError.keyNotFound(
                CodingKeys.content, .init(codingPath: c.codingPath, debugDescription: "a reply has no content"))
        }
        content = text
        to = c.lenientString(.sender) ?? c.lenientString(.to)
        messageID = c.lenientString(.messageID) ?? c.lenientString(.lastMessageID)
        receivedAt = c.lenientDate(.createdAt) ?? c.lenientDate(.receivedAt) ?? c.lenientDate(.date)
    }
}
