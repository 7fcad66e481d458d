/// Conexteo's answer to an SMS send: `message_id` is required, the credit counters are read
/// leniently (their types are [G], from MindCloud's reference, providers.md §1.3).
public struct ConexteoSendResponse: Decodable, Sendable, Hashable {
    /// Conexteo's id for the campaign, sent as a number or a string.
    public var messageID: String
    public var success: Bool?
    /// Conexteo's own words about the send.
    public var message: String?
    public var creditsUsed: Double?
    public var creditsRequired: Double?
    public var creditsRemaining: Double?
    public var creditsMissing: Double?
    public var recipientsCount: Int?
    /// SMS billed for the whole send (segments times recipients).
    public var smsCount: Int?
    /// Duplicate recipients Conexteo dropped ("doublons").
    public var duplicates: Int?
    /// Recipients skipped because they are on the stop list.
    public var stops: Int?

    enum CodingKeys: String, CodingKey {
        case success, message, doublons, stops
        case messageID = "message_id"
        case creditsUsed = "credits_used"
        case creditsRequired = "credits_required"
        case creditsRemaining = "credits_remaining"
        case creditsMissing = "credits_missing"
        case recipientsCount = "recipients_count"
        case smsCount = "sms_count"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        messageID = try c.decode(LosslessString.self, forKey: .messageID).value
        success = try? c.decodeIfPresent(Bool.self, forKey: .success)
        message = c.lenientString(.message)
        creditsUsed = c.lenientDouble(.creditsUsed)
        creditsRequired = c.lenientDouble(.creditsRequired)
        creditsRemaining = c.lenientDouble(.creditsRemaining)
        creditsMissing = c.lenientDouble(.creditsMissing)
        recipientsCount = c.lenientInt(.recipientsCount)
        smsCount = c.lenientInt(.smsCount)
        duplicates = c.lenientInt(.doublons)
        stops = c.lenientInt(.stops)
    }
}
