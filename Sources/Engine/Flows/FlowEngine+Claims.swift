import Foundation
import Storage

extension FlowEngine {
    /// How long due work claimed by this process stays ours without being finished: a backend
    /// shared by several processes gives it to another one after that (issue 18's leases).
    static let claimLease: TimeInterval = 300

    /// This process as a worker: host and pid, stable while it runs.
    static let workerID = "\(ProcessInfo.processInfo.hostName):\(ProcessInfo.processInfo.processIdentifier)"

    /// A claim on due work taken now, for this process. Leases run on real time, not on the
    /// sandbox's virtual clock: they bound how long a dead process keeps work from the others.
    var workClaim: WorkClaim {
        WorkClaim(worker: Self.workerID, until: Date().addingTimeInterval(Self.claimLease))
    }
}
