import Foundation

/// A contact in the local directory: a number, names, an email and free fields.
public struct ContactRow: Sendable, Hashable {
    /// The number, E.164: the contact's identity.
    public var phone: String
    public var firstName: String?
    public var lastName: String?
    public var email: String?
    /// Free fields (`city`, `plan`...), all strings.
    public var fields: [String: String]
    public var createdAt: Date
    public var updatedAt: Date

    /// A contact.
    public init(
        phone: String, firstName: String? = nil, lastName: String? = nil, email: String? = nil,
        fields: [String: String] = [:], createdAt: Date, updatedAt: Date? = nil
    ) {
        self.phone = phone
        self.firstName = firstName
        self.lastName = lastName
        self.email = email
        self.fields = fields
        self.createdAt = createdAt
        self.updatedAt = updatedAt ?? createdAt
    }

    /// What a template may use: `phone`, `first_name`, `last_name`, `email` and every free field.
    public var templateValues: [String: String] {
        var values = fields
        values["phone"] = phone
        if let firstName { values["first_name"] = firstName }
        if let lastName { values["last_name"] = lastName }
        if let email { values["email"] = email }
        return values
    }
}
