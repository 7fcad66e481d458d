import Engine
import Foundation
import LuaKit
import SMSCore
import SandboxStore
import Storage
import StoreSQLite
import Testing

/// A host with plugins loaded and a daemon driven step by step on the sandbox's virtual clock:
/// replies are routed and the clock advanced by the test, so every instant is exact.
struct FlowHarness {
    let test: TestHost
    let daemon: Daemon
    var host: ScriptHost { test.host }
    var store: any EngineStorage { test.host.store }

    /// Writes `plugins` to a directory and loads them; fails the test when one does not load.
    init(
        plugins: [String: String], start: String = "2026-11-23T10:00:00+01:00", policy: SendPolicy = SendPolicy(),
        configure: (inout EngineConfiguration) -> Void = { _ in }
    ) async throws {
        test = try TestHost(policy: policy, configure: configure)
        let directory = test.directory.appendingPathComponent("plugins")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        for (name, source) in plugins {
            try source.write(to: directory.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        let clock = try #require(test.host.clock as? VirtualClock)
        try await clock.reset(to: try Date(start, strategy: .iso8601))
        for status in await test.host.loadPlugins(from: directory.path) {
            #expect(status.error == nil, "\(status.name): \(status.error ?? "")")
        }
        daemon = await Daemon(host: test.host)
    }

    /// The example plugin shipped in plugins/.
    static var welcomeDrip: String {
        get throws {
            try String(contentsOf: packageRoot.appendingPathComponent("plugins/welcome_drip.lua"), encoding: .utf8)
        }
    }

    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// Starts `flow` for `phone` and lets it run to its first sleep or ask.
    @discardableResult
    func start(_ flow: String, _ phone: String, vars: LuaTable = LuaTable(), allowParallel: Bool = false) async throws
        -> FlowEngine.StartOutcome
    {
        let outcome = try await host.flows.start(flow: flow, phone: phone, vars: vars, allowParallel: allowParallel)
        await host.flows.idle()
        return outcome
    }

    /// A handset replies now; the daemon routes it and what it wakes runs.
    func reply(from phone: String, _ body: String) async throws {
        _ = try await test.host.services.sandbox().insertSandboxReply(
            SandboxReply(id: SandboxReply.makeID(), from: phone, to: "MOONWIRE", body: body, receivedAt: host.clock.now()))
        await daemon.routeWaiting()
        await host.flows.idle()
    }

    /// Advances the virtual clock, firing what falls due on the way.
    func advance(_ text: String) async throws {
        _ = try await host.flows.advanceClock(by: try DurationText.parse(text))
    }

    /// What the sandbox sent to `phone`, oldest first, with when (as an offset from `since`).
    func sent(to phone: String) async throws -> [SandboxMessage] {
        try await test.host.services.sandbox().sandboxMessages().filter { $0.to == phone }
    }

    /// Run `id`.
    func run(_ id: Int64) async throws -> FlowRunRow {
        try #require(try await store.flowRun(id: id))
    }

    /// The run id of a start that must have started.
    static func id(_ outcome: FlowEngine.StartOutcome) throws -> Int64 {
        guard case .started(let id) = outcome else {
            Issue.record("the flow did not start: \(outcome)")
            throw FlowHarnessError()
        }
        return id
    }

    /// An instant written in ISO 8601.
    static func at(_ text: String) -> Date { try! Date(text, strategy: .iso8601) }

    func cleanUp() { test.cleanUp() }
}

struct FlowHarnessError: Error {}
