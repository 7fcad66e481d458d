import Engine
import Foundation
import LuaKit
import Repl
import SMSCore
import Synchronization

/// Text printed from any thread.
final class Printed: Sendable {
    private let value = Mutex("")
    func append(_ text: String) { value.withLock { $0 += text } }
    var text: String { value.withLock { $0 } }
    func clear() { value.withLock { $0 = "" } }
}

/// A script host on a fresh database, with a REPL session over it.
struct ReplTestHost {
    let host: ScriptHost
    let printed: Printed
    let directory: URL

    init(limits: LuaLimits = LuaLimits(runBudget: .seconds(5), memoryLimit: 64 << 20), clock: (any TimeSource)? = nil) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("moonwire-repl-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let printed = Printed()
        self.printed = printed
        host = try ScriptHost(configuration: EngineConfiguration(
            databasePath: directory.appendingPathComponent("moonwire.db").path, limits: limits,
            output: { printed.append($0) }), clock: clock)
    }

    func session() async throws -> ReplEnvironment {
        try await ReplRuntime(host: host).makeSession(roots: [directory.path])
    }

    /// Writes plugin files into `plugins/` and loads them.
    func loadPlugins(_ files: [String: String]) async throws -> [PluginStatus] {
        let plugins = directory.appendingPathComponent("plugins")
        try FileManager.default.createDirectory(at: plugins, withIntermediateDirectories: true)
        for (name, source) in files {
            try source.write(to: plugins.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        return await host.loadPlugins(from: plugins.path)
    }

    func cleanUp() { try? FileManager.default.removeItem(at: directory) }
}

extension ReplSession {
    /// The rendered values of `chunk`, or the failure text.
    func eval(_ chunk: String) async -> String? {
        switch await evaluate(chunk) {
        case .values(let text): text
        case .incomplete(let message): "incomplete: \(message)"
        case .failure(let message, _): "error: \(message)"
        }
    }
}
