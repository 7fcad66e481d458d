import Foundation

/// A number on the sandbox's Conexteo stop list: it opted out, and list sends skip it.
public struct SandboxConexteoStop: Sendable, Hashable {
    /// The entry's id, assigned when stored.
    public var id: Int64?
    /// The stopped number, E.164.
    public var recipient: String
    /// When it was stopped.
    public var createdAt: Date

    /// An entry not yet stored.
    public init(recipient: String, createdAt: Date) {
        self.recipient = recipient
        self.createdAt = createdAt
    }
}
