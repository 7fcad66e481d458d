import Foundation

/// An inbound message set aside as poisoned: a limit stopped a handler on every attempt allowed
/// (`moonwire inbound failed` lists them, `moonwire inbound retry` routes them again).
public struct FailedInboundRow: Sendable, Hashable {
    public var id: Int64
    /// Who sent it, E.164.
    public var from: String
    public var body: String
    public var receivedAt: Date
    /// The plugins whose handlers were stopped, comma-separated.
    public var plugins: String
    /// The last attempt's failures, one per line.
    public var error: String
    /// How many times routing began.
    public var attempts: Int
    /// When it was set aside.
    public var setAsideAt: Date?

    /// A row from its values.
    public init(
        id: Int64, from: String, body: String, receivedAt: Date, plugins: String, error: String, attempts: Int,
        setAsideAt: Date?
    ) {
        self.id = id
        self.from = from
        self.body = body
        self.receivedAt = receivedAt
        self.plugins = plugins
        self.error = error
        self.attempts = attempts
        self.setAsideAt = setAsideAt
    }
}
