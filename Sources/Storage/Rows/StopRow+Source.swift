extension StopRow {
    /// How a number got on the stop list, stored as its raw text.
    public enum Source: String, Sendable, Hashable, CaseIterable {
        /// The person replied STOP (or another opt-out word).
        case keyword
        /// A script called `stops.add`.
        case script
        /// The provider's own stop list had it: pulled by a stop sync, or a send the provider refused.
        case provider
    }
}
