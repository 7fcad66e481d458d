import LuaKit

/// Collects printed output across threads.
final class OutputBox: @unchecked Sendable {
    // Safety: guarded by the runtime's executor; tests read it after runs complete.
    var text = ""
}

/// Opens every run of `count` callers only once all have arrived, proving they were all
/// suspended at the same time.
actor Gate {
    private let count: Int
    private var waiting: [CheckedContinuation<Void, Never>] = []
    private(set) var arrived = 0
    init(count: Int) { self.count = count }
    func wait() async {
        arrived += 1
        if arrived == count {
            for c in waiting { c.resume() }
            waiting.removeAll()
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }
}

/// A runtime whose sandbox environment has test bindings:
/// `fail(msg)` throws, `echo(...)` suspends then returns its arguments, `sleep(ms)` suspends,
/// `boom_async(msg)` suspends then fails, `gate(i)` suspends until the gate opens then returns i*2.
/// The default budget is long: a test that means to hit a budget sets its own, and a short one
/// stops the others' scripts when the machine is loaded (a 300 ms one did, once in 20 full runs).
func makeRuntime(limits: LuaLimits = LuaLimits(runBudget: .seconds(10), memoryLimit: 32 << 20),
                 gate: Gate? = nil) throws -> (LuaRuntime, OutputBox) {
    let output = OutputBox()
    let runtime = try LuaRuntime(limits: limits) { output.text += $0 }
    return (runtime, output)
}

/// `ready`: called by the script's `ready()`, so a test can act once the script is running.
func makeEnvironment(
    _ runtime: LuaRuntime, gate: Gate? = nil, roots: [String] = [], ready: (@Sendable () -> Void)? = nil
) async throws -> LuaReference {
    try await runtime.withState { state in
        let env = try state.makeEnvironment(roots: roots)
        state.setField(env, "fail", state.function("fail") { call in
            throw LuaCallError("custom failure: \(try call.string(1))")
        })
        state.setField(env, "echo", state.function("echo") { call in
            var values: [LuaValue] = []
            for i in 1...max(call.argumentCount, 1) where i <= call.argumentCount { values.append(try call.value(i)) }
            let captured = values
            return try call.suspend {
                await Task.yield()
                return captured
            }
        })
        state.setField(env, "sleep", state.function("sleep") { call in
            let ms = try call.integer(1)
            return try call.suspend {
                try await Task.sleep(for: .milliseconds(ms))
                return []
            }
        })
        state.setField(env, "boom_async", state.function("boom_async") { call in
            let message = try call.string(1)
            return try call.suspend { throw LuaCallError(message) }
        })
        state.setField(env, "add", state.function("add") { call in
            call.push(try call.integer(1) + call.integer(2))
            return 1
        })
        if let ready {
            state.setField(env, "ready", state.function("ready") { _ in
                ready()
                return 0
            })
        }
        if let gate {
            state.setField(env, "gate", state.function("gate") { call in
                let i = try call.integer(1)
                return try call.suspend {
                    await gate.wait()
                    return [.integer(i * 2)]
                }
            })
        }
        return env
    }
}

extension LuaRuntime {
    /// Runs Lua text in `env` under the chunk name `name`.
    func run(_ code: String, env: LuaReference?, name: String = "=test", arguments: [LuaValue] = [], budget: Duration? = nil)
        async throws(LuaError) -> [LuaValue]
    {
        try await run(source: Array(code.utf8), chunkName: name, environment: env, arguments: arguments, budget: budget)
    }
}
