import Foundation

/// One send ("campaign") as `GET /messages` lists it and `GET /messages/:id` details it.
///
/// The row fields are [G] (MindCloud's history reference: `id, content, sender, state,
/// message_type{}, recipients_count, credits_required, scheduledate, scheduletime,
/// scheduletimestamp, shorturl_mode{}, shorturl_url`); what `message_type` and `shorturl_mode`
/// objects hold, the state values and the details-only fields (`type`, `created_at`,
/// `cancelled_at`, `external_id`) are [I]. Everything but `id` is read leniently.
public struct ConexteoMessage: Decodable, Sendable, Hashable {
    /// The send's id: the `message_id` its send answered.
    public var id: String
    /// The text as submitted (a dynamic send's template).
    public var content: String?
    public var sender: String?
    /// Where the send stands; the sandbox says `sent`, `scheduled` or `cancelled` [I].
    public var state: String?
    /// The label of `message_type`, e.g. `SMS` or `RCS` [I].
    public var messageType: String?
    /// `sms` or `rcs`, when the answer says (details) [I].
    public var channel: String?
    public var recipientsCount: Int?
    public var creditsRequired: Double?
    /// The day it goes (or went) out, `YYYY-MM-DD` [G].
    public var scheduleDate: String?
    /// The time it goes (or went) out, `HH:MM:SS` [G].
    public var scheduleTime: String?
    /// When it goes (or went) out [G: `scheduletimestamp`, read as Unix seconds or ISO 8601].
    public var scheduledAt: Date?
    /// The label of `shorturl_mode`, if the send shortens a URL.
    public var shortURLMode: String?
    public var shortURL: String?
    /// The dedup key the send carried, when the answer says (details).
    public var externalID: String?
    /// When the send was submitted, when the answer says (details).
    public var createdAt: Date?
    /// When it was cancelled, for a cancelled send (details).
    public var cancelledAt: Date?

    enum CodingKeys: String, CodingKey {
        case id, content, sender, state, type
        case messageType = "message_type"
        case recipientsCount = "recipients_count"
        case creditsRequired = "credits_required"
        case scheduleDate = "scheduledate"
        case scheduleTime = "scheduletime"
        case scheduleTimestamp = "scheduletimestamp"
        case shortURLMode = "shorturl_mode"
        case shortURL = "shorturl_url"
        case externalID = "external_id"
        case createdAt = "created_at"
        case cancelledAt = "cancelled_at"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(LosslessString.self, forKey: .id).value
        content = c.lenientString(.content)
        sender = c.lenientString(.sender)
        state = c.lenientString(.state)
        messageType = c.lenientMessageLabel(.messageType)
        channel = c.lenientString(.type)
        recipientsCount = c.lenientInt(.recipientsCount)
        creditsRequired = c.lenientDouble(.creditsRequired)
        scheduleDate = c.lenientString(.scheduleDate)
        scheduleTime = c.lenientString(.scheduleTime)
        scheduledAt = c.lenientDate(.scheduleTimestamp)
        shortURLMode = c.lenientMessageLabel(.shortURLMode)
        shortURL = c.lenientString(.shortURL)
        externalID = c.lenientString(.externalID)
        createdAt = c.lenientDate(.createdAt)
        cancelledAt = c.lenientDate(.cancelledAt)
    }
}
