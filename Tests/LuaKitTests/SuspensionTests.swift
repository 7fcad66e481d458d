import LuaKit
import Testing

@Suite struct SuspensionTests {
    @Test func suspendsAtTopLevel() async throws {
        let (runtime, _) = try makeRuntime()
        let env = try await makeEnvironment(runtime)
        let r = try await runtime.run("local a, b = echo(1, 'two'); sleep(1); return a, b", env: env)
        #expect(r == [.integer(1), "two"])
    }

    @Test func suspendsInsidePcall() async throws {
        let (runtime, _) = try makeRuntime()
        let env = try await makeEnvironment(runtime)
        let r = try await runtime.run("return pcall(function() return echo('inside') end)", env: env)
        #expect(r == [.boolean(true), "inside"])
    }

    @Test func asyncFailureIsRaisedAtTheCallerAndCatchable() async throws {
        let (runtime, _) = try makeRuntime()
        let env = try await makeEnvironment(runtime)
        let r = try await runtime.run("return pcall(function() return boom_async('provider down') end)", env: env, name: "@x.lua")
        #expect(r[0] == .boolean(false))
        #expect(r[1].stringValue == "x.lua:1: provider down")
    }

    @Test func suspendsInsideUserCoroutines() async throws {
        let (runtime, _) = try makeRuntime()
        let env = try await makeEnvironment(runtime)
        let r = try await runtime.run(
            """
            local gen = coroutine.wrap(function()
              for i = 1, 3 do coroutine.yield(echo(i * 10)) end
            end)
            local co = coroutine.create(function(x)
              local y = echo(x + 1)
              local z = coroutine.yield(y)
              return echo(z .. "!")
            end)
            local ok1, v1 = coroutine.resume(co, 1)
            local ok2, v2 = coroutine.resume(co, "done")
            return gen(), gen(), gen(), ok1, v1, ok2, v2, coroutine.status(co)
            """, env: env)
        #expect(r == [.integer(10), .integer(20), .integer(30), true, .integer(2), true, "done!", "dead"])
    }

    @Test func suspendingFromTableSortComparatorGivesClearError() async throws {
        let (runtime, _) = try makeRuntime()
        let env = try await makeEnvironment(runtime)
        let error = await #expect(throws: LuaError.self) {
            try await runtime.run("local t = {3, 1, 2}\ntable.sort(t, function(a, b) return echo(a) < b end)",
                                  env: env, name: "@sort.lua")
        }
        #expect(error?.message.contains("echo cannot suspend here") == true)
        #expect(error?.message.contains("table.sort comparator") == true)
        #expect(error?.message.contains("attempt to yield across a C-call boundary") == false)
    }

    @Test func suspendingFromGsubInsideUserCoroutineGivesClearError() async throws {
        let (runtime, _) = try makeRuntime()
        let env = try await makeEnvironment(runtime)
        let r = try await runtime.run(
            "return pcall(string.gsub, 'abc', '%w', function(c) return echo(c) end)", env: env)
        #expect(r[0] == .boolean(false))
        #expect(r[1].stringValue?.contains("cannot suspend here") == true)
    }

    @Test func topLevelUserYieldIsAClearError() async throws {
        let (runtime, _) = try makeRuntime()
        let env = try await makeEnvironment(runtime)
        let error = await #expect(throws: LuaError.self) { try await runtime.run("coroutine.yield(1)", env: env) }
        #expect(error?.message.contains("outside a coroutine") == true)
    }

    @Test func tenThousandSuspendedCoroutinesAllResumeCorrectly() async throws {
        let count = 10_000
        let gate = Gate(count: count)
        let (runtime, _) = try makeRuntime(limits: LuaLimits(runBudget: .seconds(30), memoryLimit: 512 << 20))
        let env = try await makeEnvironment(runtime, gate: gate)
        let function = try await runtime.withState { state in
            try state.load("local i = ...; local v = gate(i); return v + 1", chunkName: "=gate", environment: env)
        }
        let results = try await withThrowingTaskGroup(of: (Int, [LuaValue]).self) { group in
            for i in 0..<count {
                group.addTask { (i, try await runtime.run(function, arguments: [.integer(Int64(i))])) }
            }
            var all: [Int: [LuaValue]] = [:]
            for try await (i, r) in group { all[i] = r }
            return all
        }
        #expect(await gate.arrived == count)
        #expect(results.count == count)
        let wrong = results.filter { $0.value != [.integer(Int64($0.key * 2 + 1))] }
        #expect(wrong.isEmpty)
    }
}
