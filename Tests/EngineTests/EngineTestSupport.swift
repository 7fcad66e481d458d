import Engine
import Foundation
import LuaKit
import SMSCore

/// Collects what scripts print.
final class PrintedOutput: @unchecked Sendable {
    // Safety: written on the runtime's executor; read after runs complete.
    var text = ""
}

/// A script host on a fresh SQLite file in a temporary directory.
struct TestHost {
    let host: ScriptHost
    let output: PrintedOutput
    let directory: URL

    /// - Parameters:
    ///   - directory: an existing test directory to open again (its database included).
    ///   - configure: changes to the configuration (the HTTP allow list, the concurrency...).
    init(
        limits: LuaLimits = LuaLimits(runBudget: .seconds(2), memoryLimit: 64 << 20), clock: (any TimeSource)? = nil,
        directory existing: URL? = nil, policy: SendPolicy = SendPolicy(),
        configure: (inout EngineConfiguration) -> Void = { _ in }
    ) throws {
        directory = existing ?? FileManager.default.temporaryDirectory.appendingPathComponent("moonwire-engine-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let output = PrintedOutput()
        self.output = output
        var configuration = EngineConfiguration(
            databasePath: directory.appendingPathComponent("moonwire.db").path, limits: limits, output: { output.text += $0 })
        configuration.policy = policy
        configure(&configuration)
        host = try ScriptHost(configuration: configuration, clock: clock)
    }

    /// Writes `source` to a file and runs it.
    @discardableResult
    func run(_ source: String, name: String = "script.lua", arguments: [String] = []) async throws -> [LuaValue] {
        let url = directory.appendingPathComponent(name)
        try source.write(to: url, atomically: true, encoding: .utf8)
        return try await host.runFile(url.path, arguments: arguments)
    }

    func cleanUp() { try? FileManager.default.removeItem(at: directory) }
}
