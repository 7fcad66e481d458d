import Foundation

/// The inbound log: every reply, stored once per provider id before any handler runs; the
/// attempts at routing each, and the messages set aside as poisoned.
public protocol InboundStorage: Sendable {
    /// Stores `messages` (skipping provider ids already stored) and moves cursor `cursor` to
    /// `position` in the same transaction. Returns the newly stored rows.
    func recordInbound(_ messages: [InboundRow], cursor: String?, position: String?) async throws(StorageError) -> [InboundRow]
    /// Messages not yet routed to completion, oldest first, skipping those deferred past `now`
    /// (real time) and those from the numbers in `excludingSenders` (numbers being routed now, so
    /// that one number's backlog cannot fill the window and hide the others).
    func pendingInbound(limit: Int, now: Date, excludingSenders: Set<String>) async throws(StorageError) -> [InboundRow]
    /// Claims up to `limit` messages to route for `claim`'s worker, as ``pendingInbound(limit:now:excludingSenders:)``
    /// lists them, held until the claim lapses or the message is handled, deferred or set aside.
    /// A message is never handed out while an earlier pending message from the same number is
    /// held by another live worker: one number's replies are routed by one worker at a time, in
    /// arrival order.
    func claimPendingInbound(limit: Int, now: Date, excludingSenders: Set<String>, claim: WorkClaim) async throws(StorageError)
        -> [InboundRow]
    /// Gives back `claim`'s hold on messages it claimed but will not route now (their number is
    /// busy, or every routing slot is taken), so another worker may take them at once rather than
    /// when the claim lapses. A one-process backend has nothing to give back.
    func releaseInbound(ids: [Int64], claim: WorkClaim) async throws(StorageError)
    /// Marks inbound `id` routed, with the handler failures if any.
    func finishInbound(id: Int64, error: String?, now: Date) async throws(StorageError)
    /// The last `limit` messages, newest first.
    func recentInbound(limit: Int) async throws(StorageError) -> [InboundRow]
    /// How many messages are pending and handled.
    func inboundCounts() async throws(StorageError) -> (pending: Int, handled: Int)

    /// Counts one more attempt at routing inbound `id`, before its handlers run (so an attempt
    /// cut short by a crash or a kill still counts), and holds it for `claim`'s worker; returns
    /// the count, nil when the message is not pending any more or another live worker holds it
    /// (this one's claim lapsed and it was taken over).
    func beginInboundAttempt(id: Int64, claim: WorkClaim) async throws(StorageError) -> Int?
    /// Leaves inbound `id` pending (and unclaimed), to be routed again from `retryAt` (real time)
    /// on, with the failures that deferred it. An attempt a storage fault cut short does not count
    /// (`countsAsAttempt` false): only limits poison a message.
    func deferInbound(id: Int64, retryAt: Date, error: String, plugins: [String], countsAsAttempt: Bool)
        async throws(StorageError)
    /// How many times inbound `id` was deferred so far (for the backoff).
    func inboundRetries(id: Int64) async throws(StorageError) -> Int
    /// Sets inbound `id` aside as poisoned after `attempts` attempts: it is not routed again until
    /// ``retryPoisonedInbound(ids:)``.
    func poisonInbound(id: Int64, error: String, plugins: [String], attempts: Int, now: Date) async throws(StorageError)
    /// The poisoned inbound messages, oldest first.
    func poisonedInbound(limit: Int) async throws(StorageError) -> [FailedInboundRow]
    /// Makes poisoned inbound messages pending again with a fresh count of attempts (all of them
    /// when `ids` is nil); returns the ids made pending. Ids that are not poisoned are skipped.
    func retryPoisonedInbound(ids: [Int64]?) async throws(StorageError) -> [Int64]
}

extension InboundStorage {
    /// Messages not yet routed to completion and due now, oldest first.
    public func pendingInbound(limit: Int = 256) async throws(StorageError) -> [InboundRow] {
        try await pendingInbound(limit: limit, now: Date(), excludingSenders: [])
    }

    /// Messages not yet routed to completion and due at `now`, oldest first.
    public func pendingInbound(limit: Int, now: Date) async throws(StorageError) -> [InboundRow] {
        try await pendingInbound(limit: limit, now: now, excludingSenders: [])
    }

    /// The poisoned inbound messages, oldest first (up to 1000).
    public func poisonedInbound() async throws(StorageError) -> [FailedInboundRow] {
        try await poisonedInbound(limit: 1000)
    }
}
