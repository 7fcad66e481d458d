extension ScheduleRow {
    /// How a schedule fires, stored as its raw text: the `schedule` function that defined it.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// `schedule.every`: on a cron expression.
        case every
        /// `schedule.at`: once, at an instant.
        case at
    }
}
