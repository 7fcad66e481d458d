/// The body of `POST /messages/sms/dynamic` [G: MindCloud]: the manual send's fields with
/// recipient objects carrying their own variables.
struct ConexteoDynamicSMSRequest: Encodable {
    /// The text, with `#name#` where each recipient's value goes [I].
    var content: String
    var recipients: [ConexteoDynamicRecipient]
    var sender: String?
    var externalID: String
    /// UTC ISO 8601.
    var scheduleAt: String?

    enum CodingKeys: String, CodingKey {
        case content, recipients, sender, scheduleAt
        case externalID = "external_id"
    }
}
