import GRDB
import Synchronization

/// The retryable storage failures (busy, locked, I/O) met while a task ran with this bound as
/// ``current``: a handler may swallow a failed send's `nil, err`, so the router asks here whether
/// the work it ran was cut short by the database rather than by the script, and routes the
/// message again instead of marking it done.
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

    func record(_ message: String) { faults.withLock { $0.append(message) } }

    /// True for SQLite's busy, locked and I/O errors: the same work may succeed later.
    static func isRetryable(_ error: any Error) -> Bool {
        guard let error = error as? DatabaseError else { return false }
        switch error.resultCode.primaryResultCode {
        case .SQLITE_BUSY, .SQLITE_LOCKED, .SQLITE_IOERR: return true
        default: return false
        }
    }
}
