/// The body of `POST /contacts`: `{contactlist_id: number, contacts: [...]}` [V: n8n node, WP plugin].
struct ConexteoContactsRequest: Encodable {
    var contactListID: Int
    var contacts: [ConexteoContact]

    enum CodingKeys: String, CodingKey {
        case contacts
        case contactListID = "contactlist_id"
    }
}
