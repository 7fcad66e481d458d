extension FlowJournalRow {
    /// What a journaled step did, stored as its raw text: the flow method that made it.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// `flow:send`.
        case send
        /// `flow:ask`.
        case ask
        /// `flow:sleep`.
        case sleep
        /// `flow:sleep_until`.
        case sleepUntil = "sleep_until"
        /// `flow:now`.
        case now
        /// `flow:random`.
        case random
    }
}
