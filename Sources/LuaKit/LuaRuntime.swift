import CLua
import CLuaShims
import Foundation

/// Owns one Lua state on its own executor and runs Lua functions as coroutines: a binding may
/// suspend its coroutine while Swift does async work (DESIGN.md §2.2), each run has a time
/// budget enforced by a watchdog, and the state has a memory ceiling (§2.3). Runs interleave
/// while suspended; only one executes Lua at a time.
public actor LuaRuntime {
    /// The executor (a dedicated thread) every access to the state runs on.
    public nonisolated let executor: LuaExecutor
    public nonisolated var unownedExecutor: UnownedSerialExecutor { executor.asUnownedSerialExecutor() }
    /// The limits runs get unless a call says otherwise.
    public nonisolated let limits: LuaLimits

    let state: LuaState
    private nonisolated let killTarget: KillTarget
    private let watchdog: LuaWatchdog
    private var killMessageBudget: Duration?

    /// Sent by the watchdog (and ``interrupt()``) to the executor's thread; its handler arms the
    /// kill hook there, so the hook is never set from another thread (DESIGN.md §2.3).
    static let killSignal = SIGUSR2
    private static let signalInstalled: Void = { _ = clua_install_kill_signal(killSignal) }()

    /// Creates a runtime with its own state and executor thread.
    /// - Parameters:
    ///   - limits: the run budget and memory ceiling.
    ///   - output: receives what scripts `print`.
    public init(limits: LuaLimits = LuaLimits(), output: @escaping @Sendable (String) -> Void = LuaRuntime.standardOutput)
        throws(LuaError)
    {
        _ = LuaRuntime.signalInstalled
        let state = try LuaState(memoryLimit: limits.memoryLimit, output: output)
        self.state = state
        let executor = LuaExecutor(unblocking: LuaRuntime.killSignal)
        self.executor = executor
        self.limits = limits
        let target = KillTarget(L: state.L, thread: executor.thread!)
        self.killTarget = target
        self.watchdog = LuaWatchdog { target.kill(CLUA_KILL_BUDGET) }
    }

    deinit {
        watchdog.stop()
        executor.shutdown()
    }

    /// Writes to standard output, unbuffered enough for scripts that print then crash.
    public static let standardOutput: @Sendable (String) -> Void = { text in
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    /// Runs `body` with the state on the runtime's executor. Do not let the state escape.
    public func withState<T: Sendable>(_ body: @Sendable (LuaState) throws -> T) rethrows -> T {
        try body(state)
    }

    /// A new sandbox environment (see ``LuaState/makeEnvironment(roots:)``).
    public func makeEnvironment(roots: [String] = []) throws(LuaError) -> LuaReference {
        try state.makeEnvironment(roots: roots)
    }

    /// Compiles `source` and runs it as a coroutine (see ``run(_:arguments:budget:)``).
    public func run(
        source: [UInt8], chunkName: String, environment: LuaReference?, arguments: [LuaValue] = [],
        budget: Duration? = nil, interruption: LuaInterruption? = nil
    ) async throws(LuaError) -> [LuaValue] {
        let function = try state.load(source, chunkName: chunkName, environment: environment)
        return try await run(function, arguments: arguments, budget: budget, interruption: interruption)
    }

    /// Runs `function` in a new coroutine until it returns, resuming it each time a binding's
    /// async work completes. Other runs proceed while this one is suspended.
    /// - Parameters:
    ///   - budget: time this run may spend executing Lua; defaults to ``limits``.
    ///   - interruption: stops this run (and no other) when interrupted.
    ///   - tag: what the host says about this run, seen while it executes (and in the coroutines
    ///     it resumes) by the wrappers of ``LuaState/guardFunction()``; 0 by default.
    /// - Returns: the function's results.
    /// - Throws: ``LuaError`` (runtime, memory, or limit when the budget ran out or the run was interrupted).
    public func run(
        _ function: LuaReference, arguments: [LuaValue] = [], budget: Duration? = nil,
        interruption: LuaInterruption? = nil, tag: Int32 = 0
    ) async throws(LuaError) -> [LuaValue] {
        state.releaseDroppedReferences()
        let L = state.L
        guard lua_checkstack(L, 2) != 0, let co = lua_newthread(L) else {
            throw LuaError(kind: .memory, message: "cannot create a coroutine: out of memory")
        }
        let anchor = luaL_ref(L, clua_registryindex())  // keeps the coroutine alive while it runs
        defer { luaL_unref(L, clua_registryindex(), anchor) }
        let budget = budget ?? limits.runBudget
        var remaining = budget
        guard lua_checkstack(co, Int32(arguments.count) + 1) != 0 else {
            throw LuaError(kind: .runtime, message: "too many arguments (\(arguments.count))")
        }
        state.pushReference(co, function)
        for argument in arguments { state.push(co, argument) }
        var argumentCount = Int32(arguments.count)

        while true {
            if killMessageBudget != budget {
                clua_set_kill_message(
                    L, "run exceeded its time budget of \(LuaRuntime.format(budget)) and was stopped (an endless loop?)")
                killMessageBudget = budget
            }
            if remaining <= .zero { clua_request_kill(L, CLUA_KILL_BUDGET) }  // spent earlier: stop at once
            // Interrupted while suspended: stop as soon as it resumes.
            if interruption?.enter(killTarget) == true { clua_request_kill(L, CLUA_KILL_INTERRUPT) }
            let start = ContinuousClock.now
            watchdog.arm(until: start + remaining)
            var resultCount: Int32 = 0
            clua_set_runtag(L, tag)
            let status = clua_resume(co, nil, argumentCount, &resultCount)
            clua_set_runtag(L, 0)
            watchdog.disarm()
            interruption?.leave()  // before any clua_reset_kill below, so no interrupt outlives the slice
            remaining -= ContinuousClock.now - start

            if status == LUA_OK {
                var results: [LuaValue] = []
                results.reserveCapacity(Int(resultCount))
                let top = lua_gettop(co)
                if resultCount > 0 {
                    for i in (top - resultCount + 1)...top { results.append((try? state.value(co, at: i)) ?? .nil) }
                }
                lua_settop(co, 0)
                clua_reset_kill(L, co)  // a kill that came as the run ended
                return results
            }
            guard status == LUA_YIELD else {
                throw failure(co, status: status, closingWithin: remaining, interruption: interruption)
            }
            guard resultCount == 1, clua_issuspendmarker(co, -1) != 0, let work = state.pendingSuspension else {
                lua_settop(co, 0)
                clua_reset_kill(L, co)
                throw LuaError(
                    kind: .runtime,
                    message: "coroutine.yield was called outside a coroutine: a script or handler cannot yield "
                        + "to the host; run the code inside coroutine.wrap or coroutine.create")
            }
            state.pendingSuspension = nil
            lua_settop(co, 0)
            clua_reset_kill(L, co)  // a kill that came as the slice ended: the budget still counts it

            let outcome: Result<[LuaValue], any Error>
            do { outcome = .success(try await work()) } catch { outcome = .failure(error) }

            state.releaseDroppedReferences()
            switch outcome {
            case .success(let values):
                guard lua_checkstack(co, Int32(values.count) + 2) != 0 else {
                    throw LuaError(kind: .runtime, message: "too many results (\(values.count))")
                }
                lua_pushboolean(co, 1)
                for value in values { state.push(co, value) }
                argumentCount = Int32(values.count) + 1
            case .failure(let abandon as LuaAbandon):
                lua_settop(co, 0)
                throw LuaError(kind: .abandoned, message: abandon.reason)
            case .failure(let failure as LuaFailure):
                _ = lua_checkstack(co, 4)
                lua_pushboolean(co, 1)
                state.pushFailure(co, failure)
                argumentCount = 3
            case .failure(let error):
                luaL_where(co, 1)
                let location = state.bytes(co, -1).text
                lua_settop(co, 0)
                lua_pushboolean(co, 0)
                state.pushString(co, location + LuaRuntime.message(of: error))
                argumentCount = 2
            }
        }
    }

    /// Stops the run executing now, if any, with the message "interrupted" (REPL Ctrl-C).
    public nonisolated func interrupt() {
        killTarget.kill(CLUA_KILL_INTERRUPT)
    }

    /// Bytes the state holds now.
    public var memoryUsed: Int { state.memoryUsed }

    /// Runs a full collection (and releases dropped references).
    public func collectGarbage() { state.collectGarbage() }

    // MARK: - Errors

    /// The error of a run that died, once its pending `<close>` variables are closed (stock
    /// Lua's `lua_pcall` closes them too; a `__close` that raises replaces the error). A run
    /// stopped by a limit is not closed: its handlers would be stopped at their first line.
    /// The handlers run like a slice of the run: within what is left of its budget, and
    /// stopped by its interruption.
    private func failure(
        _ co: OpaquePointer, status: Int32, closingWithin remaining: Duration, interruption: LuaInterruption?
    ) -> LuaError {
        let L = state.L
        // The traceback first: closing unwinds the coroutine's stack.
        luaL_traceback(L, co, nil, 0)
        let traceback = state.bytes(L, -1).text
        lua_pop(L, 1)
        var status = status
        if clua_killed(L) == 0 {
            if remaining <= .zero { clua_request_kill(L, CLUA_KILL_BUDGET) }
            if interruption?.enter(killTarget) == true { clua_request_kill(L, CLUA_KILL_INTERRUPT) }
            watchdog.arm(until: ContinuousClock.now + remaining)
            let closed = clua_closethread(co)
            watchdog.disarm()
            interruption?.leave()
            if closed != LUA_OK { status = closed }
        }
        return failure(co, status: status, traceback: traceback)
    }

    private func failure(_ co: OpaquePointer, status: Int32, traceback: String) -> LuaError {
        let L = state.L
        let killed = clua_killed(L) != 0
        let refused = clua_memory_refused(L) != 0
        var message: String
        switch lua_type(co, -1) {
        case LUA_TSTRING: message = state.bytes(co, -1).text
        case LUA_TTABLE:
            let value = (try? state.value(co, at: -1)) ?? .nil
            message = value["message"].stringValue.map { text in
                value["code"].stringValue.map { "\($0): \(text)" } ?? text
            } ?? "(error object is a table value)"
        default: message = "(error object is a \(String(cString: lua_typename(co, lua_type(co, -1)))) value)"
        }
        clua_reset_kill(L, co)
        clua_memory_reset_refused(L)
        let outOfMemory = status == LUA_ERRMEM || (refused && message.hasSuffix("not enough memory"))
        if outOfMemory {
            let location = LuaRuntime.firstLocation(in: traceback)
            message = (location.map { "\($0): " } ?? "")
                + "script exceeded the memory limit of \(LuaRuntime.formatBytes(state.memoryLimit)) and was stopped"
            return LuaError(kind: .memory, message: message, location: location, traceback: traceback)
        }
        // An error value without a position (a table raised by assert(f()), error(x, 0)) is
        // located at the innermost Lua frame, so every run error carries a file:line.
        let location = LuaError.location(in: message) ?? LuaRuntime.firstLocation(in: traceback)
        return LuaError(kind: killed ? .limit : .runtime, message: message, location: location, traceback: traceback)
    }

    /// The first `chunk:line` of a traceback that is not a C function.
    static func firstLocation(in traceback: String) -> String? {
        for line in traceback.split(separator: "\n").dropFirst() {
            let trimmed = line.drop(while: { $0 == "\t" || $0 == " " })
            if trimmed.hasPrefix("[C]") { continue }
            if let location = LuaError.location(in: String(trimmed)) { return location }
        }
        return nil
    }

    static func message(of error: any Error) -> String {
        switch error {
        case let e as LuaCallError: e.message
        case let e as LuaError: e.message
        default: String(describing: error)
        }
    }

    static func format(_ duration: Duration) -> String {
        let ms = Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
        if ms < 1000 { return "\(Int(ms.rounded())) ms" }
        let seconds = ms / 1000
        return seconds == seconds.rounded() ? "\(Int(seconds)) s" : String(format: "%.1f s", seconds)
    }

    static func formatBytes(_ bytes: Int) -> String {
        if bytes >= 1 << 20 { return "\(bytes >> 20) MiB" }
        if bytes >= 1 << 10 { return "\(bytes >> 10) KiB" }
        return "\(bytes) bytes"
    }
}

/// The state pointer and executor thread a kill is sent to, from any thread.
struct KillTarget: @unchecked Sendable {
    // Safety: used only with clua_request_kill (an atomic store) and pthread_kill.
    let L: OpaquePointer
    let thread: pthread_t

    /// Sets the kill flag, then signals the executor's thread, whose handler arms the hook if Lua
    /// runs there; Lua entered later sees the flag (clua_resume). The thread outlives every kill:
    /// the watchdog is stopped before the executor, and `interrupt()` needs the runtime.
    func kill(_ reason: Int32) {
        clua_request_kill(L, reason)
        pthread_kill(thread, LuaRuntime.killSignal)
    }
}
