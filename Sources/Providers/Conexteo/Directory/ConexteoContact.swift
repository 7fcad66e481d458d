/// A contact of a Conexteo list: `tel` and the `champ_*` fields [V: n8n node and WP plugin], with
/// `id` and `contactlist_id` as Conexteo answers them [I: the `ContactsWithId` schema name].
///
/// Encoded for `POST /contacts` and `PUT /contacts/:id` with every field present, an empty one as
/// `null`, so an update leaves exactly what the value holds.
public struct ConexteoContact: Codable, Sendable, Hashable {
    /// Conexteo's id, nil for a contact not yet added.
    public var id: Int?
    /// The list the contact belongs to, when Conexteo says.
    public var contactListID: Int?
    /// The phone number (`tel`), national or E.164; Conexteo answers it in E.164.
    public var phone: String
    /// `champ_nom`.
    public var lastName: String?
    /// `champ_prenom`.
    public var firstName: String?
    /// `champ_mail`.
    public var email: String?
    /// `champ_adresse`.
    public var address: String?
    /// `champ_cp`.
    public var postalCode: String?
    /// `champ_ville`.
    public var city: String?
    /// `champ_date`, as free text (its format is not public).
    public var date: String?
    /// `champ_perso1` … `champ_perso10`: `perso[1]` is `champ_perso1`.
    public var perso: ConexteoCustomFields

    /// A contact to add or update.
    public init(
        phone: String, lastName: String? = nil, firstName: String? = nil, email: String? = nil, address: String? = nil,
        postalCode: String? = nil, city: String? = nil, date: String? = nil, perso: ConexteoCustomFields = [],
        id: Int? = nil, contactListID: Int? = nil
    ) {
        self.id = id
        self.contactListID = contactListID
        self.phone = phone
        self.lastName = lastName
        self.firstName = firstName
        self.email = email
        self.address = address
        self.postalCode = postalCode
        self.city = city
        self.date = date
        self.perso = perso
    }

    /// Any wire key, `champ_perso<n>` included.
    struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ name: String) { stringValue = name }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }

        static let id = Key("id")
        static let contactListID = Key("contactlist_id")
        static let tel = Key("tel")
        static let lastName = Key("champ_nom")
        static let firstName = Key("champ_prenom")
        static let email = Key("champ_mail")
        static let address = Key("champ_adresse")
        static let postalCode = Key("champ_cp")
        static let city = Key("champ_ville")
        static let date = Key("champ_date")
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Key.self)
        id = c.lenientInt(.id)
        contactListID = c.lenientInt(.contactListID)
        guard let phone = c.lenientString(.tel) else {
            throw DecodingError.keyNotFound(Key.tel, .init(codingPath: c.codingPath, debugDescription: "no tel"))
        }
        self.phone = phone
        lastName = c.lenientString(.lastName)
        firstName = c.lenientString(.firstName)
        email = c.lenientString(.email)
        address = c.lenientString(.address)
        postalCode = c.lenientString(.postalCode)
        city = c.lenientString(.city)
        date = c.lenientString(.date)
        perso = ConexteoCustomFields((1...ConexteoCustomFields.count).map { c.lenientString(Key(ConexteoCustomFields.key($0))) })
    }

    /// The wire fields of a contact to send; `id` and `contactlist_id` travel elsewhere (the path,
    /// the enclosing request).
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        try c.encode(phone, forKey: .tel)
        let fields: [(Key, String?)] =
            [
                (.lastName, lastName), (.firstName, firstName), (.email, email), (.address, address),
                (.postalCode, postalCode), (.city, city), (.date, date),
            ] + (1...ConexteoCustomFields.count).map { (Key(ConexteoCustomFields.key($0)), perso[$0]) }
        for (key, value) in fields {
            if let value { try c.encode(value, forKey: key) } else { try c.encodeNil(forKey: key) }
        }
    }
}
