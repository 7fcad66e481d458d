import Foundation

/// A sub-account of the sandbox's Conexteo account, with its own credit balance.
public struct SandboxConexteoSubAccount: Sendable, Hashable {
    /// The sub-account's id, assigned when stored.
    public var id: Int64?
    /// Its display name.
    public var name: String
    /// Its login email, unique whatever the case.
    public var email: String
    /// Credits moved to it and not moved back.
    public var credits: Int
    /// `shared` or `dedicated`.
    public var creditMode: String
    /// When it was created.
    public var createdAt: Date

    /// A sub-account not yet stored, with no credits.
    public init(name: String, email: String, creditMode: String, createdAt: Date) {
        self.name = name
        self.email = email
        self.credits = 0
        self.creditMode = creditMode
        self.createdAt = createdAt
    }
}
