import LuaKit
import Testing

@Suite struct LimitTests {
    @Test func endlessLoopIsStoppedByTheRunBudget() async throws {
        let (runtime, _) = try makeRuntime(limits: LuaLimits(runBudget: .milliseconds(200), memoryLimit: 32 << 20))
        let env = try await makeEnvironment(runtime)
        let error = await #expect(throws: LuaError.self) {
            try await runtime.run("local n = 0\nwhile true do n = n + 1 end", env: env, name: "@loop.lua")
        }
        #expect(error?.kind == .limit)
        #expect(error?.message.hasPrefix("loop.lua:2:") == true)
        #expect(error?.message.contains("time budget of 200 ms") == true)
        let after = try await runtime.run("return add(1, 1)", env: env)
        #expect(after == [.integer(2)])
    }

    @Test func pcallCannotSwallowTheKill() async throws {
        let (runtime, _) = try makeRuntime(limits: LuaLimits(runBudget: .milliseconds(200), memoryLimit: 32 << 20))
        let env = try await makeEnvironment(runtime)
        let error = await #expect(throws: LuaError.self) {
            try await runtime.run(
                """
                for i = 1, 1000 do
                  pcall(function() while true do end end)
                  xpcall(function() while true do end end, function(e) while true do end end)
                end
                return "survived"
                """, env: env)
        }
        #expect(error?.kind == .limit)
    }

    @Test func killReachesUserCoroutines() async throws {
        let (runtime, _) = try makeRuntime(limits: LuaLimits(runBudget: .milliseconds(200), memoryLimit: 32 << 20))
        let env = try await makeEnvironment(runtime)
        let error = await #expect(throws: LuaError.self) {
            try await runtime.run(
                """
                local co = coroutine.wrap(function() while true do end end)
                while true do pcall(co) end
                """, env: env)
        }
        #expect(error?.kind == .limit)
    }

    @Test("a looping __close handler run by coroutine.close is stopped")
    func killReachesCloseHandlers() async throws {
        let (runtime, _) = try makeRuntime(limits: LuaLimits(runBudget: .milliseconds(200), memoryLimit: 32 << 20))
        let env = try await makeEnvironment(runtime)
        let error = await #expect(throws: LuaError.self) {
            try await runtime.run(
                """
                local co = coroutine.create(function()
                  local guard <close> = setmetatable({}, { __close = function() while true do end end })
                  coroutine.yield()
                end)
                coroutine.resume(co)
                return coroutine.close(co)
                """, env: env)
        }
        #expect(error?.kind == .limit)
        // The state is still usable afterwards.
        #expect(try await runtime.run("return 1 + 1", env: env) == [2])
    }

    @Test func budgetCountsExecutionNotSuspension() async throws {
        let (runtime, _) = try makeRuntime(limits: LuaLimits(runBudget: .milliseconds(200), memoryLimit: 32 << 20))
        let env = try await makeEnvironment(runtime)
        let r = try await runtime.run("for i = 1, 4 do sleep(100) end; return 'ok'", env: env)
        #expect(r == ["ok"])
    }

    @Test func memoryBombIsStoppedByTheCeiling() async throws {
        let (runtime, _) = try makeRuntime(limits: LuaLimits(runBudget: .seconds(20), memoryLimit: 16 << 20))
        let env = try await makeEnvironment(runtime)
        let error = await #expect(throws: LuaError.self) {
            try await runtime.run("local t = {}\nfor i = 1, 1e9 do t[i] = ('x'):rep(64) .. i end", env: env, name: "@bomb.lua")
        }
        #expect(error?.kind == .memory)
        #expect(error?.message.contains("memory limit of 16 MiB") == true)
        #expect(error?.location == "bomb.lua:2")
        await runtime.collectGarbage()
        let after = try await runtime.run("return #('y'):rep(1000)", env: env)
        #expect(after == [.integer(1000)])
    }

    @Test func singleHugeAllocationIsRefused() async throws {
        let (runtime, _) = try makeRuntime(limits: LuaLimits(runBudget: .seconds(20), memoryLimit: 16 << 20))
        let env = try await makeEnvironment(runtime)
        let r = try await runtime.run("return pcall(string.rep, 'x', 1 << 30)", env: env)
        #expect(r[0] == .boolean(false))
        #expect(r[1] == "not enough memory")
    }

    @Test func interruptStopsTheRunningScript() async throws {
        let (runtime, _) = try makeRuntime(limits: LuaLimits(runBudget: .seconds(60), memoryLimit: 32 << 20))
        // Interrupted from another task once the script runs, as the REPL's Ctrl-C is.
        let env = try await makeEnvironment(runtime, ready: { Task { runtime.interrupt() } })
        let error = await #expect(throws: LuaError.self) { try await runtime.run("ready() while true do end", env: env) }
        #expect(error?.kind == .limit)
        #expect(error?.message.contains("interrupted") == true)
    }
}
