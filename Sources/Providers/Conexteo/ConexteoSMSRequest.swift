/// The body of `POST /messages/sms` ("Manual send"): fields from the n8n node [V] and
/// MindCloud [G] (providers.md §1.3).
struct ConexteoSMSRequest: Encodable {
    var content: String
    /// E.164 strings ("national or E.164 format" accepted).
    var recipients: [String]
    /// At most 11 characters; omitted for the account's default.
    var sender: String?
    /// The dedup key: a reuse gets 409.
    var externalID: String
    /// UTC ISO 8601.
    var scheduleAt: String?

    enum CodingKeys: String, CodingKey {
        case content, recipients, sender, scheduleAt
        case externalID = "external_id"
    }
}
