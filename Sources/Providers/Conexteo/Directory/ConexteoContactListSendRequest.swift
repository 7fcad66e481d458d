/// The body of `POST /messages/sms/contactlist` ("Send to contact lists"): the manual send's
/// fields with `contactlist` (list ids) in place of `recipients` [G: MindCloud; the legacy
/// `POST /messages/contactlist` takes `contactlist: [id]` too, V: WP connector].
struct ConexteoContactListSendRequest: Encodable {
    var content: String
    var contactList: [Int]
    /// At most 11 characters; omitted for the account's default.
    var sender: String?
    /// The dedup key: a reuse gets 409.
    var externalID: String
    /// UTC ISO 8601.
    var scheduleAt: String?

    enum CodingKeys: String, CodingKey {
        case content, sender, scheduleAt
        case contactList = "contactlist"
        case externalID = "external_id"
    }
}
