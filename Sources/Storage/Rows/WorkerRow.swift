import Foundation

/// One instance of Moonwire working on the database, as it registers.
public struct WorkerRow: Sendable, Hashable {
    /// The worker's id (``WorkClaim/worker``): host and pid.
    public var id: String
    /// The host it runs on.
    public var host: String
    /// Its process id on that host.
    public var pid: Int
    /// The storage backend it runs on (`sqlite`, `postgres`).
    public var backend: String
    /// When it started (real time).
    public var startedAt: Date

    /// A worker.
    public init(id: String, host: String, pid: Int, backend: String, startedAt: Date) {
        self.id = id
        self.host = host
        self.pid = pid
        self.backend = backend
        self.startedAt = startedAt
    }
}
