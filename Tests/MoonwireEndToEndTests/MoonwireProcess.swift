import Foundation
import Testing

/// Runs the built `moonwire` binary the way a user does, with its own database.
struct MoonwireProcess {
    /// What a run produced.
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// The binary beside the test bundle (`.build/<config>/moonwire`), or `MOONWIRE_BIN`.
    static let binary: URL = {
        if let path = ProcessInfo.processInfo.environment["MOONWIRE_BIN"] { return URL(fileURLWithPath: path) }
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        // CommandLine.arguments[0] may be the xctest bundle or a runner inside it.
        for _ in 0..<4 {
            let candidate = directory.appendingPathComponent("moonwire")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            directory.deleteLastPathComponent()
        }
        return URL(fileURLWithPath: ".build/debug/moonwire")
    }()

    static let ignoreSIGPIPE: Void = { signal(SIGPIPE, SIG_IGN) }()

    /// The package root (for plugins/).
    static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// A scratch directory holding the run's database; removed by the caller with `cleanUp()`.
    let directory: URL
    var environment: [String: String]

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("moonwire-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var env = ProcessInfo.processInfo.environment
        env["MOONWIRE_DB"] = directory.appendingPathComponent("moonwire.db").path
        env["MOONWIRE_PROVIDER"] = nil
        environment = env
    }

    func cleanUp() { try? FileManager.default.removeItem(at: directory) }

    /// Writes `source` to `name` in the scratch directory and returns its path.
    func script(_ name: String, _ source: String) throws -> String {
        let url = directory.appendingPathComponent(name)
        try source.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    /// Runs `moonwire arguments...`, feeding `stdin`, killing it after `timeout` seconds.
    func run(_ arguments: [String], stdin: String? = nil, timeout: TimeInterval = 60) throws -> Result {
        try run(arguments, stdinBytes: stdin.map { Array($0.utf8) }, timeout: timeout)
    }

    /// Runs `moonwire arguments...` with raw bytes on stdin (for input that is not valid UTF-8).
    func run(_ arguments: [String], stdinBytes: [UInt8]?, timeout: TimeInterval = 60) throws -> Result {
        let process = Process()
        process.executableURL = MoonwireProcess.binary
        process.arguments = arguments
        process.environment = environment
        process.currentDirectoryURL = directory
        let out = Pipe(), err = Pipe(), input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        // Read both pipes concurrently so a chatty process cannot block on a full pipe.
        nonisolated(unsafe) var outData = Data(), errData = Data()
        let group = DispatchGroup()
        DispatchQueue.global().async(group: group) { outData = out.fileHandleForReading.readDataToEndOfFile() }
        DispatchQueue.global().async(group: group) { errData = err.fileHandleForReading.readDataToEndOfFile() }
        // A process that exits without reading stdin must not take the test runner down with SIGPIPE.
        _ = MoonwireProcess.ignoreSIGPIPE
        if let stdinBytes { try? input.fileHandleForWriting.write(contentsOf: Data(stdinBytes)) }
        try? input.fileHandleForWriting.close()
        if group.wait(timeout: .now() + timeout) == .timedOut {
            process.terminate()
            Issue.record("moonwire \(arguments.joined(separator: " ")) did not finish within \(timeout) s")
            group.wait()
        }
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self))
    }
}
