import Engine
import Foundation
import LuaKit
import SMSCore
import Storage
import SandboxStore

/// Flow scale: `runs` runs of plugins/welcome_drip.lua started and driven to completion on the
/// sandbox's virtual clock, in one process (the engine `serve` runs, stepped by hand): the
/// welcomes, three days later the questions, half answered (OUI/NON), the other half timing out
/// a day later. On SQLite (a new file) or on a PostgreSQL database (`database`, empty), with
/// optionally a `moonwire serve` beside it on the same database as a second instance.
enum FlowBench {
    struct Result {
        var runs: Int
        var completed: Int
        var messages: Int
        var seconds: Double
        var phases: [String: Double]
        var storeBytesPerIdleRun: Double
        var peakRSSBytes: Int
        /// The second instance's peak RSS, when there was one.
        var servePeakRSSBytes: Int?
    }

    /// Runs the workload; `database` is a PostgreSQL URL (nil: a new SQLite file), `serve` the
    /// path of a `moonwire` binary to run as a second instance (PostgreSQL only).
    static func run(runs: Int, plugin: String, database: String? = nil, serve: String? = nil) async throws -> Result {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("moonwire-flowbench-\(UUID().uuidString)")
        let plugins = directory.appendingPathComponent("plugins")
        try FileManager.default.createDirectory(at: plugins, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try FileManager.default.copyItem(atPath: plugin, toPath: plugins.appendingPathComponent("welcome_drip.lua").path)
        let file = directory.appendingPathComponent("moonwire.db").path
        var configuration = EngineConfiguration(databasePath: database ?? file, output: { _ in })
        configuration.startInstant = try Date("2026-11-23T10:00:00+01:00", strategy: .iso8601)
        let host = try ScriptHost(configuration: configuration)
        for status in await host.loadPlugins(from: plugins.path) where !status.loaded {
            throw BenchFailure(message: "\(status.name): \(status.error ?? "")")
        }
        let daemon = await Daemon(host: host)
        // The second instance starts once the schema, the clock and the flow's version are stored.
        let instance = try serve.map { binary in
            try ServeInstance(binary: binary, database: database ?? file, plugins: plugins.path, folder: directory)
        }
        defer { instance?.stop() }
        let store = host.store
        let numbers = (1...runs).map { String(format: "+336%08d", $0) }
        let hash = try await store.flowDefinitions().first { $0.name == "welcome_drip" }!.hash
        var phases: [String: Double] = [:]
        let start = ContinuousClock.now
        var mark = start
        func lap(_ name: String) {
            let now = ContinuousClock.now
            phases[name] = seconds(now - mark)
            mark = now
        }

        // Runs are recorded as `moonwire flows start --numbers` does (a thousand per transaction),
        // then executed to their first sleep.
        for start in stride(from: 0, to: numbers.count, by: 1000) {
            let phones = Array(numbers[start..<min(start + 1000, numbers.count)])
            _ = try await FlowEngine.record(
                store: store, clock: host.clock, flow: "welcome_drip", hash: hash, phones: phones, vars: LuaTable(), exclusive: true,
                origin: .cli)
        }
        lap("record")
        _ = try await host.flows.advanceClock(by: .zero)  // executes every active run, at the start instant
        lap("welcome")
        try await store.compact()  // the runs' data, not WAL pages awaiting a checkpoint
        let bytes = database == nil ? databaseBytes(file) : 0
        let idle = try await store.flowRunCounts()[.sleeping] ?? 0

        _ = try await host.flows.advanceClock(by: .seconds(3 * 86_400))
        lap("question")
        // Half the numbers answer, their replies arriving together (as webhooks would, 64 at a time).
        let now = host.clock.now()
        let answering = Array(numbers.prefix(runs / 2).enumerated())
        let chunk = max(1, (answering.count + 63) / 64)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for start in stride(from: 0, to: answering.count, by: chunk) {
                let slice = answering[start..<min(start + chunk, answering.count)]
                group.addTask {
                    for (i, phone) in slice {
                        _ = try await host.services.sandbox().insertSandboxReply(
                            SandboxReply(
                                id: SandboxReply.makeID(), from: phone, to: "MOONWIRE", body: i % 2 == 0 ? "oui !" : "non",
                                receivedAt: now))
                    }
                }
            }
            try await group.waitForAll()
        }
        await daemon.routeWaiting()
        await host.flows.idle()
        // The other instance may still be answering some: the timeouts come after every answer.
        while true {
            let pending = try await store.pendingInbound(limit: 1)
            let active = try await store.activeFlowRunIDs(limit: 1)
            if pending.isEmpty && active.isEmpty { break }
            try await Task.sleep(for: .milliseconds(20))
        }
        lap("answers")
        _ = try await host.flows.advanceClock(by: .seconds(86_400))
        lap("timeouts")
        let total = seconds(ContinuousClock.now - start)
        let completed = try await store.flowRunCounts()[.completed] ?? 0
        let messages = try await store.outboxCounts()[.sent] ?? 0
        var usage = rusage()
        #if os(Linux)
            getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        #else
            getrusage(RUSAGE_SELF, &usage)
        #endif
        return Result(
            runs: runs, completed: completed, messages: messages, seconds: total, phases: phases,
            storeBytesPerIdleRun: idle > 0 ? Double(bytes) / Double(idle) : 0, peakRSSBytes: Int(usage.ru_maxrss) * 1024,
            servePeakRSSBytes: instance?.peakRSSBytes())
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    /// The database's size on disk, its write-ahead log included.
    static func databaseBytes(_ path: String) -> Int {
        [path, path + "-wal"].reduce(0) { total, file in
            total + ((try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? 0)
        }
    }

    struct BenchFailure: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }
}
