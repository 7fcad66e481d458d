import Foundation

/// The local stop list (opt-outs).
public protocol OptOutStorage: Sendable {
    /// Puts `phone` on the stop list; false when it was there already.
    @discardableResult
    func addStop(_ phone: String, source: StopRow.Source, now: Date) async throws(StorageError) -> Bool
    /// Takes `phone` off the stop list; false when it was not there.
    @discardableResult
    func removeStop(_ phone: String) async throws(StorageError) -> Bool
    /// An opt-out reply's effect, in one transaction: `phone` goes on (`stop`) or off the list
    /// and, when that changed the list, `confirmation` is queued. Returns the confirmation's row
    /// whenever it exists, nil when the list did not change and none was queued.
    func applyOptOut(
        _ phone: String, stop: Bool, source: StopRow.Source, confirmation: OutboxRow, now: Date
    ) async throws(StorageError) -> (changed: Bool, confirmation: OutboxRow?)
    /// True when `phone` is on the stop list.
    func isStopped(_ phone: String) async throws(StorageError) -> Bool
    /// The stop list, oldest first.
    func stops() async throws(StorageError) -> [StopRow]
}
