extension FlowRunRow {
    /// Who started a run, stored as its raw text.
    public enum Origin: String, Sendable, Hashable, CaseIterable {
        /// `flows.start` in a script.
        case lua
        /// `moonwire flows start`.
        case cli
    }
}
