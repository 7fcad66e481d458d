import Foundation

/// One effect of a flow run, by step number (DESIGN.md §2.5): what the code asked for, and what
/// came back, which a replay returns instead of doing it again.
public struct FlowJournalRow: Sendable, Hashable {
    public var runID: Int64
    /// 1 for the run's first effect.
    public var step: Int
    /// The flow method that made the step.
    public var kind: Kind
    /// What the code passed (the text, the duration...), compared when the run replays.
    public var args: String
    /// JSON: what the step returned; nil while it waits (a sleep, an ask, a send in flight).
    public var result: String?
    /// A sleep's wake-up, an ask's deadline.
    public var dueAt: Date?
    /// When the step was recorded.
    public var at: Date

    /// An entry.
    public init(runID: Int64, step: Int, kind: Kind, args: String, result: String?, dueAt: Date? = nil, at: Date) {
        self.runID = runID
        self.step = step
        self.kind = kind
        self.args = args
        self.result = result
        self.dueAt = dueAt
        self.at = at
    }
}
