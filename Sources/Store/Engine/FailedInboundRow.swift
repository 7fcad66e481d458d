import Foundation
import GRDB

/// An inbound message set aside as poisoned: a limit stopped a handler on every attempt allowed
/// (`moonwire inbound failed` lists them, `moonwire inbound retry` routes them again).
public struct FailedInboundRow: Sendable, Hashable, FetchableRecord {
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

    public init(row: Row) throws {
        id = row["id"]
        from = row["from_number"]
        body = row["body"]
        receivedAt = row["received_at"]
        plugins = row["failed_plugins"] ?? ""
        error = row["error"] ?? ""
        attempts = row["attempts"]
        setAsideAt = row["handled_at"]
    }
}
