import Foundation

/// What flow runs wait for: replies (`flow:ask`, DESIGN.md §2.6) and instants (sleeps, ask deadlines).
public protocol FlowTimerStorage: Sendable {
    /// Gives inbound message `inbound` to the oldest run waiting for a reply from its number:
    /// the wait goes, the ask's step records `result`, the run is active again and the message
    /// is handled, in one transaction. Returns the run's id, or nil when no run waits.
    func answerFlowWait(inbound: InboundRow, now: Date, result: @escaping @Sendable (FlowWaitRow) -> String)
        async throws(StorageError) -> Int64?
    /// Ends run `runID`'s wait at `step` with `result`, making it active again; false when a
    /// reply or a timeout ended it first.
    func resolveFlowWait(runID: Int64, step: Int, result: String, now: Date) async throws(StorageError) -> Bool
    /// True when some run waits for a reply from `phone`.
    func hasFlowWait(phone: String) async throws(StorageError) -> Bool
    /// The reply run `runID` waits for, if it waits.
    func flowWait(runID: Int64) async throws(StorageError) -> FlowWaitRow?
    /// Claims the timers due at `now`: wakes the sleeping runs whose wake-up came and times out
    /// the asks whose deadline passed (their step records `timeoutResult`), up to `limit` runs,
    /// earliest first, for `claim`'s worker; returns the ids of the runs made active.
    func wakeDueFlowRuns(now: Date, timeoutResult: String, limit: Int, claim: WorkClaim) async throws(StorageError) -> [Int64]
    /// The earliest wake-up or deadline of a sleeping or waiting run.
    func nextFlowWake() async throws(StorageError) -> Date?
}
