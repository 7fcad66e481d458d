/// Thrown by the async work of a suspended binding to end its run without resuming the
/// coroutine: ``LuaRuntime/run(_:arguments:budget:)`` then throws a ``LuaError`` of kind
/// `.abandoned`, and the coroutine is dropped (its `<close>` variables never run). A durable flow
/// parks this way: nothing of it stays in memory, its journal resumes it later.
public struct LuaAbandon: Error, Sendable, Hashable {
    /// Why the run was abandoned (becomes the error's message).
    public var reason: String
    /// An abandonment for `reason`.
    public init(_ reason: String = "the run was set aside") { self.reason = reason }
}
