import Foundation
import Testing

@testable import LuaKit

/// The watchdog stops a run by signalling the executor's thread, whose handler arms the kill
/// hook there (DESIGN.md §2.3).
@Suite struct KillSignalTests {
    /// Runtimes are usually made from async code, on a libdispatch worker that blocks SIGUSR2;
    /// the executor's thread inherits that mask unless it unblocks the signal itself.
    @Test func theExecutorThreadRunsTheStateWithTheKillSignalUnblocked() async throws {
        let (runtime, _) = try makeRuntime()
        let (onExecutor, blocked) = await runtime.withState { _ in
            var set = sigset_t()
            pthread_sigmask(SIG_BLOCK, nil, &set)
            return (runtime.executor.isCurrent, sigismember(&set, LuaRuntime.killSignal))
        }
        #expect(onExecutor)
        #expect(blocked == 0)
    }

    @Test func strayKillSignalsAreHarmless() async throws {
        let (runtime, _) = try makeRuntime(limits: LuaLimits(runBudget: .seconds(30), memoryLimit: 32 << 20))
        let env = try await makeEnvironment(runtime)
        let thread = try #require(runtime.executor.thread)
        // While Lua runs, between slices and while the executor is idle.
        let sender = Task.detached {
            while !Task.isCancelled {
                pthread_kill(thread, LuaRuntime.killSignal)
                try? await Task.sleep(for: .microseconds(50))
            }
        }
        for _ in 0..<20 {
            do {
                let r = try await runtime.run(
                    """
                    local n = 0
                    for i = 1, 200000 do
                      n = n + i
                      if i % 20000 == 0 then echo(i) end
                    end
                    return n
                    """, env: env)
                #expect(r == [.integer(20_000_100_000)])
            } catch {
                Issue.record(error)
            }
            try await Task.sleep(for: .milliseconds(1))
        }
        sender.cancel()
        await sender.value  // no signal to the thread once the runtime is gone
    }

    /// A binding whose nested call is killed must not clear the run's kill, or the run outlives
    /// its budget.
    @Test func aBindingCannotSwallowTheKillOfItsNestedCall() async throws {
        let (runtime, _) = try makeRuntime(limits: LuaLimits(runBudget: .milliseconds(200), memoryLimit: 32 << 20))
        let env = try await makeEnvironment(runtime)
        await runtime.withState { state in
            state.setField(env, "swallow", state.function("swallow") { call in
                let f = try call.function(1)
                _ = try? call.state.call(f)
                return 0
            })
        }
        let error = await #expect(throws: LuaError.self) {
            try await runtime.run(
                """
                for i = 1, 40 do
                  swallow(function() local n = 0 for j = 1, 3000000 do n = n + j end end)
                end
                return "survived"
                """, env: env)
        }
        #expect(error?.kind == .limit)
    }

    @Test func aBudgetKillAfterAnInterruptSaysBudget() async throws {
        let (runtime, _) = try makeRuntime(limits: LuaLimits(runBudget: .seconds(1), memoryLimit: 32 << 20))
        let env = try await makeEnvironment(runtime)
        // The script asks for the interrupt itself, once running: no race with the budget.
        await runtime.withState { state in
            state.setField(env, "interrupt_me", state.function("interrupt_me") { _ in
                runtime.interrupt()
                return 0
            })
        }
        let first = await #expect(throws: LuaError.self) {
            try await runtime.run("interrupt_me() while true do end", env: env)
        }
        #expect(first?.kind == .limit)
        #expect(first?.message.contains("interrupted") == true)
        let second = await #expect(throws: LuaError.self) { try await runtime.run("while true do end", env: env) }
        #expect(second?.kind == .limit)
        #expect(second?.message.contains("time budget of 1 s") == true)
    }
}
