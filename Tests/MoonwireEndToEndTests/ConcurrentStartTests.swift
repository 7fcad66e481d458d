import Foundation
import SandboxStore
import Storage
import StoreSQLite
import Testing

@Suite("processes started together on a new database", .serialized)
struct ConcurrentStartTests {
    /// What one process of a round ended with. Unchecked: each is made on its own thread and
    /// read by the test only after that thread ended.
    enum Outcome: @unchecked Sendable {
        case served(ServeProcess)
        case sent(MoonwireProcess.Result)
        case failed(String)
    }

    @Test("ten rounds of three serve and three send started at the same instant on a new file: all succeed")
    func threeServeThreeSend() async throws {
        for round in 1...10 {
            let p = try MoonwireProcess()
            defer { p.cleanUp() }
            let plugins = p.directory.appendingPathComponent("plugins")
            try FileManager.default.createDirectory(at: plugins, withIntermediateDirectories: true)
            let outcomes = Self.startTogether(6) { index -> Outcome in
                do {
                    if index < 3 { return .served(try ServeProcess(p, arguments: ["--plugins", plugins.path])) }
                    return .sent(try p.run(["send", "--to", "+3361234567\(index)", "--body", "round \(round)"]))
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

    /// Runs `count` bodies on their own threads, released at once once every thread is up, and
    /// returns their results in index order.
    static func startTogether<T: Sendable>(_ count: Int, _ body: @escaping @Sendable (Int) -> T) -> [T] {
        let ready = DispatchSemaphore(value: 0)
        let go = DispatchSemaphore(value: 0)
        let done = DispatchGroup()
        let results = ResultSlots<T>(count)
        for index in 0..<count {
            done.enter()
            Thread.detachNewThread {
                ready.signal()
                go.wait()
                results.set(index, body(index))
                done.leave()
            }
        }
        for _ in 0..<count { ready.wait() }
        for _ in 0..<count { go.signal() }
        done.wait()
        return results.values
    }
}

/// One result per thread, written once each.
private final class ResultSlots<T: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [T?]

    init(_ count: Int) { slots = Array(repeating: nil, count: count) }

    func set(_ index: Int, _ value: T) { lock.withLock { slots[index] = value } }

    var values: [T] { lock.withLock { slots.compactMap { $0 } } }
}
