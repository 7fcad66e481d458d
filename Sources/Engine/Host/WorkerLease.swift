import Foundation
import Storage
import Synchronization

/// Who this process is to the other instances on the database, and how long what it claims
/// stays its own (DESIGN.md §2.8, docs/decisions.md "Leases"). A process that heartbeats (serve)
/// claims for ``heartbeatLease`` and renews every ``heartbeatInterval``, so a dead instance's work
/// goes to another within about half a minute; one that does not (a one-off command) claims for
/// ``unattendedLease``, long enough for any send with its retries.
public enum WorkerLease {
    /// This process as a worker: host, pid and a random part, stable while it runs. Host and pid
    /// alone repeat (a container restarted under the same hostname, serve as PID 1 in each of two
    /// replicas): a restarted process would then renew a dead one's claims as its own, and two
    /// replicas would each take the other for the holder of every lease.
    public static let workerID =
        "\(hostName):\(ProcessInfo.processInfo.processIdentifier):\(UUID().uuidString.prefix(8).lowercased())"

    /// The host this process runs on.
    public static var hostName: String { ProcessInfo.processInfo.hostName }

    /// How long a claim lasts past the last heartbeat.
    public static let heartbeatLease: TimeInterval = 30

    /// How often a running serve heartbeats: several times per lease, so a slow or missed beat
    /// or two never lets a live instance's work lapse.
    public static let heartbeatInterval: Duration = .seconds(5)

    /// How long a claim of a process that does not heartbeat lasts.
    public static let unattendedLease: TimeInterval = 300

    private static let renewing = Atomic<Bool>(false)

    /// Says whether a heartbeat renews this process's claims from now on.
    static func setRenewing(_ on: Bool) { renewing.store(on, ordering: .relaxed) }

    /// The lease a claim taken now gets.
    public static var lease: TimeInterval { renewing.load(ordering: .relaxed) ? heartbeatLease : unattendedLease }

    /// A claim on work taken now, for this process. Leases run on real time, not on the
    /// sandbox's virtual clock: they bound how long a dead process keeps work from the others.
    public static func claim() -> WorkClaim {
        WorkClaim(worker: workerID, until: Date().addingTimeInterval(lease))
    }
}
