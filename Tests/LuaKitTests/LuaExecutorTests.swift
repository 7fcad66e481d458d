import Foundation
import Testing

@testable import LuaKit

/// What a watcher outside LuaKit can read off an executor.
@Suite struct LuaExecutorTests {
    @Test func completedJobsCountsEachJobOnceItReturns() async throws {
        let (runtime, _) = try makeRuntime()
        let before = runtime.executor.completedJobs
        await runtime.withState { _ in }
        // Read from the next job: the executor runs its jobs one after the other, on one thread.
        let first = await runtime.withState { _ in runtime.executor.completedJobs }
        let second = await runtime.withState { _ in runtime.executor.completedJobs }
        #expect(first >= before + 1)
        // The job reading `first` counted once it returned, not while it ran: one that never
        // returns (Lua stuck inside C) keeps the count still.
        #expect(second == first + 1)
    }
}
