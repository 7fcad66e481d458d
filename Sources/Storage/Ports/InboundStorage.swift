import Foundation

/// The inbound log: every reply, stored once per provider id before any handler runs.
public protocol InboundStorage: Sendable {
    /// Stores `messages` (skipping provider ids already stored) and moves cursor `cursor` to
    /// `position` in the same transaction. Returns the newly stored rows.
    func recordInbound(_ messages: [InboundRow], cursor: String?, position: String?) async throws(StorageError) -> [InboundRow]
    /// Messages not yet routed to completion, oldest first.
    func pendingInbound(limit: Int) async throws(StorageError) -> [InboundRow]
    /// Marks inbound `id` routed, with the handler failures if any.
    func finishInbound(id: Int64, error: String?, now: Date) async throws(StorageError)
    /// The last `limit` messages, newest first.
    func recentInbound(limit: Int) async throws(StorageError) -> [InboundRow]
    /// How many messages are pending and handled.
    func inboundCounts() async throws(StorageError) -> (pending: Int, handled: Int)
}
