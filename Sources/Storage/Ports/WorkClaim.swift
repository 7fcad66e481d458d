import Foundation

/// Who takes due work and until when: a worker's claim on the rows it was handed. A backend
/// shared by several processes holds the rows for `worker` until `until` (a lease) and hands
/// them to no one else meanwhile; a one-process backend needs neither.
public struct WorkClaim: Sendable, Hashable {
    /// The worker's id: one per process (host and pid), stable while it runs.
    public var worker: String
    /// When the claim lapses if the worker neither finishes nor renews it.
    public var until: Date

    /// A claim for `worker` until `until`.
    public init(worker: String, until: Date) {
        self.worker = worker
        self.until = until
    }
}
