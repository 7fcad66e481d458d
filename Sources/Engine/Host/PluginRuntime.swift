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

    init(plugin: String?, runtime: LuaRuntime) {
        self.plugin = plugin
        self.runtime = runtime
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
