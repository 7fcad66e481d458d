import Foundation

/// A number on the local stop list: nothing but its one opt-out confirmation is sent to it.
public struct StopRow: Sendable, Hashable {
    /// The number, E.164.
    public var phone: String
    /// How it got there.
    public var source: Source
    public var createdAt: Date

    /// A stop entry.
    public init(phone: String, source: Source, createdAt: Date) {
        self.phone = phone
        self.source = source
        self.createdAt = createdAt
    }
}
