import Foundation
import Storage

extension FlowEngine {
    /// A claim on due work taken now, for this process (``WorkerLease``).
    var workClaim: WorkClaim { WorkerLease.claim() }
}
