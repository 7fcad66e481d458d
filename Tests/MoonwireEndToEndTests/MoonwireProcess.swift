import Foundation
import Testing

/// Runs the built `moonwire` binary the way a user does, with its own database.
struct MoonwireProcess {
    /// What a run produced.
    struct Result {
        /// The exit code, or 128 + the signal number that ended it.
        var status: Int32
        /// The signal that ended the process, nil when it exited.
        var signal: Int32? = nil
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
    func run(_ arguments: [String], stdin: String? = nil, timeout: TimeInterval = 60) async throws -> Result {
        try await run(arguments, stdinBytes: stdin.map { Array($0.utf8) }, timeout: timeout)
    }

    /// Runs `moonwire arguments...` with raw bytes on stdin (for input that is not valid UTF-8).
    func run(_ arguments: [String], stdinBytes: [UInt8]?, timeout: TimeInterval = 60) async throws -> Result {
        let child = try start(arguments, input: stdinBytes.map { .bytes($0) } ?? .none)
        guard let ended = await child.wait(timeout: timeout) else {
            child.signal(SIGKILL)
            child.wait()
            Issue.record("moonwire \(arguments.joined(separator: " ")) did not finish within \(timeout) s")
            return Result(status: 128 + SIGKILL, signal: SIGKILL, stdout: child.stdout, stderr: child.stderr)
        }
        var signal: Int32?
        if case .signalled(let number) = ended { signal = number }
        return Result(status: ended.status, signal: signal, stdout: child.stdout, stderr: child.stderr)
    }

    /// Starts `moonwire arguments...` in the scratch directory with this environment and returns at once.
    func start(
        _ arguments: [String], environment extra: [String: String] = [:], input: ChildProcess.Input = .none,
        captureOutput: Bool = true, mergeOutput: Bool = false
    ) throws -> ChildProcess {
        try ChildProcess(
            MoonwireProcess.binary.path, arguments, environment: environment.merging(extra) { $1 },
            directory: directory.path, input: input, captureOutput: captureOutput, mergeOutput: mergeOutput)
    }
}
