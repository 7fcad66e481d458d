import Foundation
import Testing

@testable import LuaKit

/// A runtime that ends hands its executor thread and watchdog to the next runtime made
/// (`moonwire test` makes five runtimes a test): the next one must get a fresh state, its own
/// budget and its own kills.
@Suite struct ThreadReuseTests {
    @Test(.timeLimit(.minutes(1)))
    func runtimesMadeOneAfterAnotherEachStopTheirOwnEndlessLoop() async throws {
        for round in 0..<40 {
            let (runtime, _) = try makeRuntime(limits: LuaLimits(runBudget: .milliseconds(20), memoryLimit: 32 << 20))
            let env = try await makeEnvironment(runtime)
            // A fresh state: nothing an earlier round set.
            #expect(try await runtime.run("return leftover", env: env) == [.nil], "round \(round)")
            let error = await #expect(throws: LuaError.self) {
                try await runtime.run("leftover = true\nwhile true do end", env: env)
            }
            #expect(error?.kind == .limit, "round \(round)")
            #expect(await runtime.withState { _ in runtime.executor.isCurrent })
        }
    }
}
