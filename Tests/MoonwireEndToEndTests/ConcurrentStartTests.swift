import Foundation
import SandboxStore
import Storage
import StoreSQLite
import Testing

@Suite("processes started together on a new database", .serialized, .processSlot)
struct ConcurrentStartTests {
    /// What one process of a round ended with. Unchecked: each is made by its own task and
    /// read by the test only after that task ended.
    enum Outcome: @unchecked Sendable {
        case served(ServeProcess)
        case sent(MoonwireProcess.Result)
        case failed(String)
    }

    @Test("ten rounds of three serve and three send started at the same instant on a new file: all succeed")
    func threeServeThreeSend() async throws {
        for round in 1...10 {
            var process = try MoonwireProcess()
            defer { process.cleanUp() }
            // Six processes queue for one write lock on two loaded cores: in one stressed run of
            // twenty, a send waited past the default 10 s. The test is about starting together
            // safely, not about how fast; a longer wait is what an operator would set here too.
            process.environment["MOONWIRE_BUSY_TIMEOUT"] = "60"
            let p = process
            let plugins = p.directory.appendingPathComponent("plugins")
            try FileManager.default.createDirectory(at: plugins, withIntermediateDirectories: true)
            let outcomes = await Self.startTogether(6) { index -> Outcome in
                do {
                    if index < 3 { return .served(try await ServeProcess(p, arguments: ["--plugins", plugins.path])) }
                    return .sent(try await p.run(["send", "--to", "+3361234567\(index)", "--body", "round \(round)"]))
                } catch {
                    return .failed("\(error)")
                }
            }
            for outcome in outcomes {
                switch outcome {
                case .served(let serve):
                    let status = serve.stop()
                    #expect(status == 0, "round \(round): serve exited \(status): \(serve.text)")
                case .sent(let result):
                    #expect(result.status == 0, "round \(round): send exited \(result.status): \(result.stderr)")
                case .failed(let message):
                    Issue.record("round \(round): \(message)")
                }
            }
            let sent = try await p.store().outboxRows()
            #expect(sent.count == 3, "round \(round): \(sent.count) sends stored")
        }
    }

    /// Runs `count` bodies as tasks released together once every one has started, and returns
    /// their results in index order. Spawning is synchronous, so the processes start within
    /// moments of each other; the bodies' waits run off the task pool (`BlockingWork`).
    static func startTogether<T: Sendable>(_ count: Int, _ body: @escaping @Sendable (Int) async -> T) async -> [T] {
        let gate = StartingGate(count)
        return await withTaskGroup(of: (Int, T).self) { group in
            for index in 0..<count {
                group.addTask {
                    await gate.arrive()
                    return (index, await body(index))
                }
            }
            var results: [(Int, T)] = []
            for await result in group { results.append(result) }
            return results.sorted { $0.0 < $1.0 }.map(\.1)
        }
    }
}

/// Holds every arriving task until `count` have arrived, then releases them all.
private actor StartingGate {
    private var waiting: [CheckedContinuation<Void, Never>] = []
    private let count: Int

    init(_ count: Int) { self.count = count }

    func arrive() async {
        if waiting.count + 1 == count {
            for continuation in waiting { continuation.resume() }
            waiting = []
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }
}
