import Foundation

/// A contact list of the sandbox's Conexteo emulation.
public struct SandboxConexteoContactList: Sendable, Hashable {
    /// The list's id, assigned when stored.
    public var id: Int64?
    /// The list's name.
    public var name: String
    /// When it was created.
    public var createdAt: Date
    /// How many contacts the list holds, as counted when it was read (not a column).
    public var contactsCount: Int

    /// A list not yet stored.
    public init(name: String, createdAt: Date) {
        self.name = name
        self.createdAt = createdAt
        self.contactsCount = 0
    }
}
