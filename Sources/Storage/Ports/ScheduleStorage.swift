import Foundation

/// Schedules plugins define, with their next fire.
public protocol ScheduleStorage: Sendable {
    /// Saves a (re)defined schedule; one stored with the same kind, spec and zone keeps its
    /// next fire. Returns the stored row.
    func defineSchedule(_ row: ScheduleRow) async throws(StorageError) -> ScheduleRow
    /// Every schedule, by name.
    func schedules() async throws(StorageError) -> [ScheduleRow]
    /// Claims the schedules due at `now` (next fire at or before it), earliest first, among
    /// `names`, for `claim`'s worker. A fire is finished with ``recordScheduleFire(name:fired:lastFire:next:now:)``.
    func claimDueSchedules(now: Date, names: Set<String>, claim: WorkClaim) async throws(StorageError) -> [ScheduleRow]
    /// The earliest next fire of any schedule, among `names` when given.
    func nextScheduleFire(names: Set<String>?) async throws(StorageError) -> Date?
    /// Records that schedule `name` fired (its fire due at `fired`) and when it fires next, if
    /// its next fire is still `fired`; false when someone else recorded it.
    @discardableResult
    func recordScheduleFire(name: String, fired: Date, lastFire: Date?, next: Date?, now: Date) async throws(StorageError) -> Bool
}
