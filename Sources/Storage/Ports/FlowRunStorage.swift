import Foundation

/// Flow runs and their journals (DESIGN.md §2.5), and the flow definitions plugins recorded.
public protocol FlowRunStorage: Sendable {
    /// Stores a new active run, unless `exclusive` and the number already has a live run of the
    /// same flow (checked in the same transaction).
    func startFlowRun(_ run: FlowRunRow, exclusive: Bool) async throws(StorageError) -> FlowStart
    /// Stores new active runs in one transaction, each refused as by ``startFlowRun(_:exclusive:)``.
    func startFlowRuns(_ runs: [FlowRunRow], exclusive: Bool) async throws(StorageError) -> [FlowStart]
    /// Journals `entries`, fills in `completions`, queues `outbox`, registers `wait` and applies
    /// `transition`, in one transaction and only if the run is still active and no other live
    /// worker holds it. A new outbox row due now that `gate` does not block, asked in the same
    /// transaction, is claimed there for sending by `claim`'s worker; a run that stays active
    /// stays held by it, one that parks or ends is released.
    func advanceFlow(
        runID: Int64, entries: [FlowJournalRow], completions: [(step: Int, result: String)], outbox: OutboxRow?,
        wait: FlowWaitRow?, transition: FlowTransition, gate: any SendGate, claim: WorkClaim, now: Date
    ) async throws(StorageError) -> FlowAdvance
    /// Ends a run that cannot go on, whatever live state it is in.
    @discardableResult
    func failFlowRun(id: Int64, code: String, message: String, now: Date) async throws(StorageError) -> Bool
    /// Cancels run `id` and the sends it queued that have not gone out; nil when there is no
    /// such run, false when it was already over.
    func cancelFlowRun(id: Int64, now: Date) async throws(StorageError) -> Bool?
    /// Stops every live run talking to `phone`; returns their ids.
    func stopFlowRuns(phone: String, now: Date) async throws(StorageError) -> [Int64]
    /// Run `id`.
    func flowRun(id: Int64) async throws(StorageError) -> FlowRunRow?
    /// Runs, newest first, filtered by status, flow and number.
    func flowRuns(statuses: Set<FlowRunRow.Status>?, flow: String?, phone: String?, limit: Int) async throws(StorageError)
        -> [FlowRunRow]
    /// How many runs have each status.
    func flowRunCounts() async throws(StorageError) -> [FlowRunRow.Status: Int]
    /// Run `id`'s journal, in step order.
    func flowJournal(runID: Int64) async throws(StorageError) -> [FlowJournalRow]
    /// A run and its journal, read together.
    func flowRunWithJournal(id: Int64) async throws(StorageError) -> (FlowRunRow, [FlowJournalRow])?
    /// Ids of active runs, oldest first (a read: nothing is claimed).
    func activeFlowRunIDs(limit: Int) async throws(StorageError) -> [Int64]
    /// Claims up to `limit` active runs (to execute: just started, woken, or interrupted),
    /// oldest first, for `claim`'s worker; returns their ids.
    func claimActiveFlowRuns(limit: Int, claim: WorkClaim) async throws(StorageError) -> [Int64]
    /// Takes active run `id` for `claim`'s worker to execute, unless another live worker holds
    /// it; true when the worker holds it now.
    func claimFlowRun(id: Int64, claim: WorkClaim) async throws(StorageError) -> Bool
    /// Ends `claim`'s hold on run `id` (its execution stopped: it waits, sleeps or ended).
    func releaseFlowRun(id: Int64, claim: WorkClaim) async throws(StorageError)
    /// Records which flows the loaded plugins define (replacing the previous list) and keeps
    /// the source of each version.
    func saveFlowDefinitions(_ definitions: [FlowDefinitionRecord], sources: [FlowSourceRecord], now: Date)
        async throws(StorageError)
    /// The flows the last plugin load defined.
    func flowDefinitions() async throws(StorageError) -> [FlowDefinitionRecord]
    /// The stored source of flow version `hash`.
    func flowSource(hash: String) async throws(StorageError) -> FlowSourceRecord?
}
