import LuaKit

/// The cost of calling a Swift-bound function from Lua against C functions of Lua's own standard
/// library, each called in the same tight loop, interleaved in the same run.
enum BindingBench {
    /// Each workload: the callee bound to a local, then called once per iteration.
    static let workloads: [(name: String, setup: String, call: String)] = [
        ("empty loop", "", ""),
        ("swift binding bench.id(i)", "local f = bench.id", "f(i)"),
        ("C math.abs(i)", "local f = math.abs", "f(i)"),
        ("C rawlen(t)", "local f, t = rawlen, {1, 2, 3}", "f(t)"),
        ("C string.byte(s)", "local f, s = string.byte, 'hello'", "f(s)"),
    ]

    /// Median nanoseconds per iteration of each workload over `repeats` interleaved rounds.
    static func run(iterations: Int, repeats: Int) async throws -> [(name: String, nanosecondsPerCall: Double)] {
        let runtime = try LuaRuntime(limits: LuaLimits(runBudget: .seconds(3600), memoryLimit: 256 << 20))
        let chunks = try await runtime.withState { state in
            let environment = try state.makeEnvironment()
            // The cheapest useful binding: one integer in, one integer out, like math.abs; bound
            // through `module`, the path every Moonwire binding takes.
            state.setField(environment, "bench", state.module("bench", [
                "id": LuaFunction { call in
                    call.push(try call.integer(1))
                    return 1
                },
            ]))
            return try workloads.map { workload in
                let source = "local n = ...\n\(workload.setup)\nfor i = 1, n do \(workload.call) end"
                return try state.load(source, chunkName: "=bench", environment: environment)
            }
        }
        var samples = Array(repeating: [Double](), count: workloads.count)
        let clock = ContinuousClock()
        for _ in 0..<max(1, repeats) {
            for (index, chunk) in chunks.enumerated() {
                let start = clock.now
                _ = try await runtime.run(chunk, arguments: [.integer(Int64(iterations))])
                let elapsed = start.duration(to: clock.now)
                let ns = Double(elapsed.components.seconds) * 1e9 + Double(elapsed.components.attoseconds) / 1e9
                samples[index].append(ns / Double(iterations))
            }
        }
        return zip(workloads, samples).map { ($0.name, median($1)) }
    }

    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return .nan }
        let mid = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
    }
}
