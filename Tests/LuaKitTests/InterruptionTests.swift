import Foundation
import Synchronization
import Testing

@testable import LuaKit

/// A REPL's Ctrl-C stops its own run and no other run of the state (DESIGN.md §2.3).
@Suite struct InterruptionTests {
    func load(_ runtime: LuaRuntime, _ source: String, env: LuaReference) async throws -> LuaReference {
        try await runtime.withState { state in try state.load(source, chunkName: "=chunk", environment: env) }
    }

    @Test("an interrupted run stops with 'interrupted'; a run suspended meanwhile finishes normally")
    func stopsOnlyItsRun() async throws {
        let printed = Printed()
        let runtime = try LuaRuntime(limits: LuaLimits(runBudget: .seconds(60), memoryLimit: 32 << 20)) { printed.append($0) }
        let env = try await makeEnvironment(runtime)
        let other = LuaInterruption()
        let waiting = Task {
            try await runtime.run(try await load(runtime, "sleep(300) return 'other done'", env: env), interruption: other)
        }
        let token = LuaInterruption()
        let loop = Task {
            try await runtime.run(try await load(runtime, "print('looping') while true do end", env: env), interruption: token)
        }
        // Read without the runtime (its executor is busy with the loop).
        while printed.text.isEmpty { try await Task.sleep(for: .milliseconds(5)) }
        token.interrupt()
        await #expect(throws: LuaError.self) { try await loop.value }
        do {
            _ = try await loop.value
        } catch let error as LuaError {
            #expect(error.kind == .limit)
            #expect(error.message == "chunk:1: interrupted")
        }
        #expect(try await waiting.value == [.text("other done")])  // the other run was not stopped
    }

    @Test("an interrupt that comes while the run waits on a binding stops it when it resumes")
    func whileSuspended() async throws {
        let printed = Printed()
        let runtime = try LuaRuntime(limits: LuaLimits(runBudget: .seconds(60), memoryLimit: 32 << 20)) { printed.append($0) }
        let env = try await makeEnvironment(runtime)
        let token = LuaInterruption()
        let run = Task {
            try await runtime.run(
                try await load(runtime, "print('waiting') sleep(500) return 'not reached'", env: env), interruption: token)
        }
        while printed.text.isEmpty { try await Task.sleep(for: .milliseconds(5)) }
        token.interrupt()  // most likely during the sleep; right before it, the run stops at once
        await #expect(throws: LuaError.self) { try await run.value }
        // The state's kill flag is not left set: the next run works.
        #expect(try await runtime.run(try await load(runtime, "return 1 + 1", env: env)) == [.integer(2)])
    }
}

/// What scripts printed, readable from any thread while Lua runs.
final class Printed: Sendable {
    private let value = Mutex("")
    func append(_ text: String) { value.withLock { $0 += text } }
    var text: String { value.withLock { $0 } }
}
