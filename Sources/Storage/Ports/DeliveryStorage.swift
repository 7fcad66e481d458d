import Foundation

/// Delivery reports: stored once per provider event, each setting its send's delivery status.
public protocol DeliveryStorage: Sendable {
    /// Stores `reports` (skipping events already stored), records each one's status on the
    /// outbox row it is about, and moves cursor `cursor` to `position`, in one transaction.
    /// Returns the newly stored rows.
    func recordDeliveries(_ reports: [DeliveryRow], cursor: String?, position: String?) async throws(StorageError) -> [DeliveryRow]
    /// Reports whose handlers have not run to completion, oldest first.
    func pendingDeliveries(limit: Int) async throws(StorageError) -> [DeliveryRow]
    /// Marks reports handled, each with its handler failures if any.
    func finishDeliveries(_ results: [(id: Int64, error: String?)], now: Date) async throws(StorageError)
    /// The last `limit` reports, newest first.
    func recentDeliveries(limit: Int) async throws(StorageError) -> [DeliveryRow]
}
