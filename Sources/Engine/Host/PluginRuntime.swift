import LuaKit
import Synchronization

/// One Lua runtime of a ``ScriptHost``: a plugin's own, or the host's for scripts and the REPL.
/// Each plugin gets its own state, executor thread and watchdog (DESIGN.md §2.3), so its memory
/// is counted against its own ceiling, and a handler stuck at its budget, or in a C call that
/// cannot be stopped, holds up that plugin only. What the engine makes once per state (the
/// `r:reply` function, the flow methods) is cached here.
public final class PluginRuntime: Sendable {
    /// The plugin whose code runs here (`autoreply.lua`); nil for the host's own runtime.
    public let plugin: String?
    /// The runtime.
    public let runtime: LuaRuntime
    let replyCache = Mutex<LuaReference?>(nil)
    let flowMethods = Mutex<FlowEngine.FlowMethods?>(nil)
    /// Why runs are refused now: the executor stopped answering (a call stuck in C). Cleared
    /// once it answers again.
    private let stuck = Mutex<String?>(nil)

    init(plugin: String?, runtime: LuaRuntime) {
        self.plugin = plugin
        self.runtime = runtime
    }

    /// Runs `function` in a new coroutine of this runtime (see ``LuaKit/LuaRuntime/run(_:arguments:budget:interruption:)``).
    func run(_ function: LuaReference, arguments: [LuaValue], budget: Duration?, tag: Int32 = 0) async throws(LuaError)
        -> [LuaValue]
    {
        try await runtime.run(function, arguments: arguments, budget: budget, tag: tag)
    }

    /// Runs `function` like ``run(_:arguments:budget:)``, without waiting forever for a run stuck
    /// where the watchdog cannot stop it (a call spinning inside C). A run still going after
    /// twice its budget and 5 s more is checked on by asking the executor for a no-op: a run
    /// suspended in a binding (a send, a busy database) leaves the executor free, and is waited
    /// for; an executor busy with other runs keeps finishing jobs (each slice of Lua is bounded
    /// by its budget), and is waited for too. An executor that neither answers nor finishes a job
    /// for the budget and 5 s is stuck in one call: the run is given up on (it goes on,
    /// unawaited), and this runtime refuses runs, with a limit error naming the plugin, until the
    /// executor answers again.
    func runBounded(_ function: LuaReference, arguments: [LuaValue], budget: Duration?) async throws(LuaError) -> [LuaValue] {
        if let why = stuck.withLock({ $0 }) { throw LuaError(kind: .limit, message: why) }
        let run = Task { () async -> Result<[LuaValue], LuaError> in
            do throws(LuaError) {
                return .success(try await self.run(function, arguments: arguments, budget: budget))
            } catch {
                return .failure(error)
            }
        }
        let runtime = self.runtime
        let budget = budget ?? runtime.limits.runBudget
        var probe: Task<Bool, Never>
        checking: while true {
            if let outcome = await BoundedWait<Result<[LuaValue], LuaError>>.atMost(budget * 2 + .seconds(5), { await run.value }) {
                return try outcome.get()
            }
            probe = Task { await runtime.withState { _ in true } }
            var progress = runtime.executor.completedJobs
            while await BoundedWait<Bool>.atMost(budget + .seconds(5), { [probe] in await probe.value }) == nil {
                let now = runtime.executor.completedJobs
                if now == progress { break checking }
                progress = now  // busy with other jobs, not stuck
            }
        }
        let why =
            "\(plugin ?? "the script") is stuck in a call that cannot be interrupted (the run was not stopped at its "
            + "budget of \(budget)): its runs are refused until it returns; reload the plugins (SIGHUP) to replace it"
        stuck.withLock { $0 = why }
        Task { [probe] in
            _ = await probe.value
            self.stuck.withLock { $0 = nil }
        }
        throw LuaError(kind: .limit, message: why)
    }

    /// The `r:reply` function in this runtime's state, made on first use.
    func replyFunction(services: EngineServices) async -> LuaReference {
        if let cached = replyCache.withLock({ $0 }) { return cached }
        return await runtime.withState { state in self.replyFunction(in: state, services: services) }
    }

    /// The `r:reply` function, made in `state` (this runtime's) on first use. Runs on the executor.
    func replyFunction(in state: LuaState, services: EngineServices) -> LuaReference {
        replyCache.withLock { cached in
            if let cached { return cached }
            let made = state.function("reply", Bindings.makeReplyFunction(services: services))
            cached = made
            return made
        }
    }
}

/// A ``PluginRuntime`` held weakly: the records a plugin registers (handlers, flows, schedules)
/// point at the runtime of their state without keeping it alive, since that state holds the
/// bindings that hold the registries (a reload drops the runtime, and their functions with it).
struct WeakPluginRuntime: @unchecked Sendable {
    // Safety: set once at init; weak loads are atomic.
    weak var value: PluginRuntime?

    init(_ value: PluginRuntime?) { self.value = value }
}
