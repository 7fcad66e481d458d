extension StopRow {
    /// How a number got on the stop list, stored as its raw text.
    public enum Source: String, Sendable, Hashable, CaseIterable {
        /// The person replied STOP (or another opt-out word).
        case keyword
        /// A script called `stops.add`.
        case script
    }
}
