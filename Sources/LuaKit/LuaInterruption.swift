import CLuaShims
import Synchronization

/// Stops one run from another thread (a REPL's Ctrl-C), leaving the state's other runs alone:
/// the kill is sent only while that run's coroutine executes, and a request made while it is
/// suspended (waiting on a binding) takes effect when it resumes.
public final class LuaInterruption: Sendable {
    private struct State {
        var requested = false
        var target: KillTarget?
    }
    private let state = Mutex(State())

    /// A token for one run; pass it to ``LuaRuntime/run(_:arguments:budget:interruption:)``.
    public init() {}

    /// Asks the run to stop with the error "interrupted". Safe from any thread, any number of times.
    public func interrupt() {
        state.withLock { s in
            s.requested = true
            s.target?.kill(CLUA_KILL_INTERRUPT)
        }
    }

    /// True once ``interrupt()`` was called.
    public var isRequested: Bool { state.withLock { $0.requested } }

    /// The run is about to execute on `target`; true when it should be stopped at once.
    func enter(_ target: KillTarget) -> Bool {
        state.withLock { s in
            s.target = target
            return s.requested
        }
    }

    /// The run stopped executing (returned, failed or suspended). Once this returns no kill is
    /// sent for it, so the runtime may clear the state's kill flag.
    func leave() {
        state.withLock { $0.target = nil }
    }
}
