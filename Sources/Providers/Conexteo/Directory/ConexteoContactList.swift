/// A contact list: `{id, name, contacts_count, rcsCapabilityStatus}` (the WP plugin reads `id`
/// [V]; the other fields are [G], from MindCloud).
public struct ConexteoContactList: Decodable, Sendable, Hashable {
    /// Conexteo's id for the list (a number [V: `contactlist_id: number`]).
    public var id: Int
    /// The list's name.
    public var name: String
    /// Contacts in the list, when Conexteo says.
    public var contactsCount: Int?
    /// How far Conexteo has checked the list's numbers for RCS, when it says.
    public var rcsCapabilityStatus: String?

    enum CodingKeys: String, CodingKey {
        case id, name, rcsCapabilityStatus
        case contactsCount = "contacts_count"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.requiredID(.id)
        name = c.lenientString(.name) ?? ""
        contactsCount = c.lenientInt(.contactsCount)
        rcsCapabilityStatus = c.lenientString(.rcsCapabilityStatus)
    }
}
