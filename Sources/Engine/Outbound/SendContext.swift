import Storage
import Synchronization

/// Where the sends of one handler run come from, so each gets a dedup key derived from the
/// inbound message and its position in the run: re-running the handler after a crash makes the
/// same keys, and the outbox turns them into no-ops (DESIGN.md §2.4).
///
/// Bound as a task-local around a handler's run; Lua bindings read it (they run synchronously in
/// that task, as does the async work they suspend on, including in coroutines the handler makes).
public final class SendContext: Sendable {
    /// The key prefix: `in:<inbound id>:<handler>`.
    public let prefix: String
    /// The outbox origin recorded on each send.
    public let origin: OutboxRow.Origin
    /// The flow run the sends belong to, when a flow runs (cancelling the run cancels them).
    public let flowRunID: Int64?
    private let counter = Mutex(0)

    /// A context for the sends of one handler or flow run.
    public init(prefix: String, origin: OutboxRow.Origin, flowRunID: Int64? = nil) {
        self.prefix = prefix
        self.origin = origin
        self.flowRunID = flowRunID
    }

    /// The next send's key: `prefix:1`, `prefix:2`..., bounded by `DedupKey.fitted` (a schedule
    /// or plugin with a long name must not make a key the provider refuses).
    public func nextKey() -> String {
        let n = counter.withLock { value in
            value += 1
            return value
        }
        return DedupKey.fitted("\(prefix):\(n)")
    }

    /// The context of the handler run the current task is in, if any.
    @TaskLocal public static var current: SendContext?
}
