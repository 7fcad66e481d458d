import Foundation
import SandboxStore
import Storage
import StorageBackends
import TestSupport
import Testing

/// Several `moonwire serve` on one new database of the throwaway PostgreSQL server, with the
/// sandbox provider: a fleet for the kill -9 tests. The test process reads the database through
/// the same ports the binary writes it with.
final class ServeFleet {
    let p: MoonwireProcess
    let url: String
    let plugins: String
    /// The instances in start order; a killed one stays in the list, no longer running.
    private(set) var serves: [ServeProcess] = []
    /// The engine's store and the sandbox's, opened in the test process.
    let engine: any EngineStorage
    let sandbox: any SandboxStorage

    /// Migrates a new database, writes `plugins` (file name → source) and starts `count` serves.
    init(count: Int, plugins: [String: String]) async throws {
        var p = try MoonwireProcess()
        url = try await PostgresTestServer.server().createDatabase()
        p.environment["MOONWIRE_DB"] = url
        p.environment["MOONWIRE_NOW"] = "2026-11-23T10:00:00+01:00"  // a Monday morning in Paris
        self.p = p
        let migrated = try await p.run(["db", "migrate"])
        guard migrated.status == 0 else { throw ServeFailure(message: "db migrate failed: \(migrated.stderr)") }
        self.plugins = try p.writePlugins(plugins)
        let backends = try StorageBackends(location: url)
        engine = backends.engine
        sandbox = try backends.sandbox()
        for _ in 0..<count { serves.append(try await ServeProcess(p, arguments: ["--plugins", self.plugins])) }
    }

    /// The source of `name` in the repository's plugins/.
    static func shipped(_ name: String) throws -> String {
        try String(contentsOf: MoonwireProcess.packageRoot.appendingPathComponent("plugins/\(name)"), encoding: .utf8)
    }

    /// The worker id instance `index` announced on its ready line.
    func worker(_ index: Int) -> String? {
        serves[index].text.firstMatch(of: /\(postgres\), worker ([^;]+);/).map { String($0.1) }
    }

    /// The index of the running instance holding named lease `name`, if one does.
    func holder(of lease: String) async throws -> Int? {
        let workers = try await engine.workers()
        guard let holder = workers.first(where: { $0.leases.contains(lease) })?.worker.id else { return nil }
        return serves.indices.first { serves[$0].process.isRunning && worker($0) == holder }
    }

    /// SIGKILL to instance `index`: a crash, nothing handed over.
    func kill(_ index: Int) { serves[index].kill() }

    /// Polls `condition` every 50 ms until it holds, or `timeout` seconds pass; returns whether it held.
    func waitFor(timeout: TimeInterval, _ condition: () async throws -> Bool) async throws -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if try await condition() { return true }
            try await Task.sleep(for: .milliseconds(50))
        }
        return try await condition()
    }

    /// How many sends the outbox has recorded as accepted by the provider.
    func sentCount() async throws -> Int {
        try await engine.outboxCounts()[.sent] ?? 0
    }

    /// The sandbox's messages grouped by recipient, each recipient's oldest first.
    func messagesByNumber() async throws -> [String: [SandboxMessage]] {
        Dictionary(grouping: try await sandbox.sandboxMessages(), by: \.to)
    }

    /// What every instance printed, for a failure's message (the last `limit` characters of each).
    func logs(limit: Int = 4000) -> String {
        serves.enumerated().map { index, serve in
            "--- serve \(index) (\(serve.process.isRunning ? "running" : "ended")):\n\(serve.text.suffix(limit))"
        }.joined(separator: "\n")
    }

    /// The runs, sends and replies by status, then what every instance printed: a failure's message.
    func report() async -> String {
        let runs = (try? await engine.flowRunCounts()).map { "\($0)" } ?? "?"
        let sends = (try? await engine.outboxCounts()).map { "\($0)" } ?? "?"
        let inbound = (try? await engine.inboundCounts()).map { "\($0)" } ?? "?"
        return "runs \(runs); sends \(sends); inbound \(inbound)\n\(logs())"
    }

    /// Stops the instances still running and removes the scratch directory.
    func cleanUp() {
        for serve in serves where serve.process.isRunning { serve.stop() }
        p.cleanUp()
    }
}
