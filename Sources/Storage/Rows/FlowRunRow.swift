import Foundation

/// One run of a flow for one phone number (DESIGN.md §2.5): its state and what it waits for.
/// What the run did is in its journal (``FlowJournalRow``).
public struct FlowRunRow: Sendable, Hashable {
    /// Where a run is in its life.
    public enum Status: String, Sendable, Hashable, CaseIterable {
        /// Executing, or due to execute (just started, woken, answered, or interrupted by a crash).
        case active
        /// In `flow:sleep` until `nextWake`.
        case sleeping
        /// In `flow:ask`, until a reply or `nextWake` (the deadline; none when the ask has no timeout).
        case waiting
        /// The function returned.
        case completed
        /// `flows.cancel` or `moonwire flows cancel`.
        case cancelled
        /// The function raised, or replayed differently from its journal.
        case failed
        /// The number replied STOP.
        case stopped

        /// The statuses of a run that is not over.
        public static let live: Set<Status> = [.active, .sleeping, .waiting]
        /// True for active, sleeping and waiting.
        public var isLive: Bool { Status.live.contains(self) }
    }

    public var id: Int64?
    /// The flow's name (`flows.define(name, fn)`).
    public var flow: String
    /// The number the run talks to, E.164.
    public var phone: String
    public var status: Status
    /// The version of the flow's source the run is pinned to.
    public var sourceHash: String?
    /// JSON object: the variables given at start (`flow.vars`).
    public var vars: String
    /// JSON object: the contact as it was when the run started (`flow.contact`).
    public var contact: String
    /// Sleeping: when it wakes; waiting: the ask's deadline.
    public var nextWake: Date?
    public var errorCode: String?
    public var error: String?
    /// Who started it.
    public var origin: Origin
    public var createdAt: Date
    public var updatedAt: Date

    /// A run about to start.
    public init(
        flow: String, phone: String, sourceHash: String?, vars: String, contact: String, origin: Origin, createdAt: Date
    ) {
        self.flow = flow
        self.phone = phone
        self.status = .active
        self.sourceHash = sourceHash
        self.vars = vars
        self.contact = contact
        self.origin = origin
        self.createdAt = createdAt
        self.updatedAt = createdAt
    }
}
