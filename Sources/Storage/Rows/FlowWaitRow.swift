import Foundation

/// A run waiting in `flow:ask` for a reply from `phone` (DESIGN.md §2.6), registered in the same
/// transaction as the question's outbox row.
public struct FlowWaitRow: Sendable, Hashable {
    public var runID: Int64
    /// The ask's step: a reply resumes the run only at this step.
    public var step: Int
    public var phone: String
    /// When the ask times out; nil for no timeout.
    public var deadline: Date?
    /// The newest inbound message when the wait was registered: only later ones answer it.
    public var afterInboundID: Int64
    public var createdAt: Date

    /// A wait; `afterInboundID` is filled in when it is stored.
    public init(runID: Int64, step: Int, phone: String, deadline: Date?, createdAt: Date) {
        self.runID = runID
        self.step = step
        self.phone = phone
        self.deadline = deadline
        self.afterInboundID = 0
        self.createdAt = createdAt
    }
}
