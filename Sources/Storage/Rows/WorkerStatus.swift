import Foundation

/// A registered worker as `moonwire fleet` shows it: its record, its last heartbeat, whether
/// it is live, and what it holds.
public struct WorkerStatus: Sendable, Hashable {
    /// The worker as it registered.
    public var worker: WorkerRow
    /// Its last heartbeat (real time).
    public var heartbeatAt: Date
    /// When its claims lapse unless it heartbeats again.
    public var leaseUntil: Date
    /// True while its lease runs (judged by the database's clock where it has one).
    public var live: Bool
    /// How many claims it holds: sends in flight, flow runs, schedule fires, inbound messages,
    /// named leases.
    public var claims: Int
    /// The named leases it holds, by name.
    public var leases: [String]

    /// A worker's status.
    public init(worker: WorkerRow, heartbeatAt: Date, leaseUntil: Date, live: Bool, claims: Int, leases: [String]) {
        self.worker = worker
        self.heartbeatAt = heartbeatAt
        self.leaseUntil = leaseUntil
        self.live = live
        self.claims = claims
        self.leases = leases
    }
}
