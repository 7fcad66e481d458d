import Foundation
import GRDB

/// A run waiting in `flow:ask` for a reply from `phone` (DESIGN.md §2.6), registered in the same
/// transaction as the question's outbox row.
public struct FlowWaitRow: Codable, Sendable, Hashable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "flow_wait"

    public var runID: Int64
    /// The ask's step: a reply resumes the run only at this step.
    public var step: Int
    public var phone: String
    /// When the ask times out; nil for no timeout.
    public var deadline: Date?
    /// The newest inbound message when the wait was registered: only later ones answer it.
    public var afterInboundID: Int64
    public var createdAt: Date

    enum CodingKeys: String, CodingKey {
        case step, phone, deadline
        case runID = "run_id"
        case afterInboundID = "after_inbound_id"
        case createdAt = "created_at"
    }

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
