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
        /// `flow:state_get`.
        case stateGet = "state_get"
        /// `flow:state_set`.
        case stateSet = "state_set"
        /// `flow:state_incr`.
        case stateIncr = "state_incr"
        /// `flow:state_delete`.
        case stateDelete = "state_delete"
        /// `flow:http`.
        case http
    }
}
