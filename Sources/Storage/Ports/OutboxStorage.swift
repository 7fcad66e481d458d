import Foundation

/// The outbox: every send, committed with its dedup key before any network call (DESIGN.md §2.4).
public protocol OutboxStorage: Sendable {
    /// Commits `row` unless its dedup key is already in the outbox.
    func enqueueOutbox(_ row: OutboxRow) async throws(StorageError) -> OutboxEnqueue
    /// Takes row `id` for sending if it is pending or deferred and due at `now`, held for
    /// `claim`'s worker until its lease lapses (as a due claim is). A row that `gate` blocks,
    /// asked in the same transaction, becomes `blocked`, so an opt-out that lands first always wins.
    func claimOutbox(id: Int64, now: Date, gate: any SendGate, claim: WorkClaim) async throws(StorageError) -> OutboxClaim
    /// Claims up to `limit` rows due at `now`, oldest due first, each as ``claimOutbox(id:now:gate:claim:)``
    /// would, for `claim`'s worker; rows another worker holds, and the rows in `excluding` (held
    /// back by the caller), are skipped.
    func claimDueOutbox(now: Date, limit: Int, gate: any SendGate, claim: WorkClaim, excluding: Set<Int64>)
        async throws(StorageError) -> [OutboxClaim]
    /// Records the outcome of a dispatch of row `id` (which ends the claim on it);
    /// `alreadyProcessed` when the provider said the send was made before (see ``OutboxRow/alreadyProcessed``).
    func finishOutbox(
        id: Int64, status: OutboxRow.Status, provider: String?, providerMessageID: String?, alreadyProcessed: Bool,
        errorCode: String?, errorMessage: String?, notBefore: Date?, now: Date
    ) async throws(StorageError) -> OutboxRow
    /// Rows due at `now`, oldest due first (a read: nothing is claimed).
    func dueOutbox(now: Date, limit: Int) async throws(StorageError) -> [OutboxRow]
    /// When the next waiting row falls due, if any row waits.
    func nextOutboxDue(excluding: Set<Int64>) async throws(StorageError) -> Date?
    /// Rows a crashed process left `sending`: back to `pending` when the provider dedups, else
    /// `unknown` (at most once). Only rows whose claim lapsed: a live worker's sends in flight are
    /// left alone. Returns how many rows changed.
    func recoverInterruptedSends(providerDedups: Bool, now: Date) async throws(StorageError) -> Int
    /// The row with `dedupKey`, if any.
    func outboxRow(dedupKey: String) async throws(StorageError) -> OutboxRow?
    /// The row `provider` knows as `messageID`, if the send was made here.
    func outboxRow(provider: String, messageID: String) async throws(StorageError) -> OutboxRow?
    /// Rows, newest first, optionally only those in `statuses`.
    func outboxRows(statuses: Set<OutboxRow.Status>?, limit: Int) async throws(StorageError) -> [OutboxRow]
    /// How many rows have each status.
    func outboxCounts() async throws(StorageError) -> [OutboxRow.Status: Int]
}

extension OutboxStorage {
    /// Records the outcome of a dispatch of row `id` that the provider did not call a repeat.
    public func finishOutbox(
        id: Int64, status: OutboxRow.Status, provider: String?, providerMessageID: String?, errorCode: String?,
        errorMessage: String?, notBefore: Date?, now: Date
    ) async throws(StorageError) -> OutboxRow {
        try await finishOutbox(
            id: id, status: status, provider: provider, providerMessageID: providerMessageID, alreadyProcessed: false,
            errorCode: errorCode, errorMessage: errorMessage, notBefore: notBefore, now: now)
    }

    /// When the next waiting row falls due, if any row waits.
    public func nextOutboxDue() async throws(StorageError) -> Date? {
        try await nextOutboxDue(excluding: [])
    }

    /// Claims up to `limit` rows due at `now`, none held back.
    public func claimDueOutbox(now: Date, limit: Int, gate: any SendGate, claim: WorkClaim) async throws(StorageError)
        -> [OutboxClaim]
    {
        try await claimDueOutbox(now: now, limit: limit, gate: gate, claim: claim, excluding: [])
    }
}
