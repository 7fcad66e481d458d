import Foundation

/// The sandbox's virtual clock (DESIGN.md §2.9), shared by every process on the database.
public protocol ClockStorage: Sendable {
    /// The clock, created at `seed` the first time. Synchronous: a host reads it once when it opens.
    func virtualClock(seed: Date) throws(StorageError) -> VirtualClockState
    /// The clock as stored now, if it exists.
    func virtualClockState() async throws(StorageError) -> VirtualClockState?
    /// Asks for the clock to move `seconds` past its current target. Returns the new state.
    func requestClockAdvance(seconds: TimeInterval, seed: Date) async throws(StorageError) -> VirtualClockState
    /// Moves the clock forward to `now` (the target follows when it is behind); never back: a
    /// walker that lost its lease mid-instant cannot undo an instant the next walker reached.
    @discardableResult
    func setVirtualClock(now: Date) async throws(StorageError) -> VirtualClockState
    /// Sets the clock to its target if the target is still `target`; false when another advance came in.
    func finishClockAdvance(target: Date) async throws(StorageError) -> Bool
    /// Sets the clock and its target to `instant` (any direction).
    @discardableResult
    func resetVirtualClock(to instant: Date) async throws(StorageError) -> VirtualClockState
    /// Records that a `serve` runs on this database (real time).
    func markServeAlive(at realTime: Date) async throws(StorageError)
}
