import Synchronization

/// The retryable storage failures (busy, locked, I/O) met while a task ran with this bound as
/// ``current``: a handler may swallow a failed send's `nil, err`, so the router asks here whether
/// the work it ran was cut short by the database rather than by the script, and routes the
/// message again instead of marking it done. A backend records into it when it classifies a
/// failure as retryable.
public final class StorageFaults: Sendable {
    /// The collector of the current task, if any.
    @TaskLocal public static var current: StorageFaults?

    private let faults = Mutex<[String]>([])

    /// An empty collector.
    public init() {}

    /// What failed, in order.
    public var messages: [String] { faults.withLock { $0 } }

    /// True when nothing failed.
    public var isEmpty: Bool { faults.withLock { $0.isEmpty } }

    /// Notes a retryable failure (a backend calls this for the errors it classifies so).
    package func record(_ message: String) { faults.withLock { $0.append(message) } }
}
