extension ScheduleRow {
    /// What a fire missed while Moonwire was down becomes, stored as its raw text.
    public enum Missed: String, Sendable, Hashable, CaseIterable {
        /// Run once at start.
        case run
        /// Skipped.
        case skip
    }
}
