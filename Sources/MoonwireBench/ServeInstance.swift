import Foundation

/// A `moonwire serve` on the bench's database: the second instance of a two-instance flow
/// bench. Its output goes to a file in the bench's folder; stopped with SIGTERM.
final class ServeInstance {
    let process = Process()
    let log: URL

    /// Starts `binary serve --plugins plugins` on `database` and waits for its ready line.
    init(binary: String, database: String, plugins: String, folder: URL) throws {
        log = folder.appendingPathComponent("serve.log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let output = try FileHandle(forWritingTo: log)
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["serve", "--plugins", plugins]
        var environment = ProcessInfo.processInfo.environment
        environment["MOONWIRE_DB"] = database
        environment["MOONWIRE_PROVIDER"] = "sandbox"
        environment["MOONWIRE_CLOCK"] = nil
        process.environment = environment
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let deadline = Date().addingTimeInterval(60)
        while !text.contains("waiting for replies") {
            guard process.isRunning, Date() < deadline else {
                stop()
                throw FlowBench.BenchFailure(message: "the second instance did not start: \(text)")
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
    }

    /// What serve printed so far.
    var text: String { (try? String(contentsOf: log, encoding: .utf8)) ?? "" }

    /// Its peak resident set so far (VmHWM), in bytes; nil once it ended.
    func peakRSSBytes() -> Int? {
        guard process.isRunning, let status = try? String(contentsOfFile: "/proc/\(process.processIdentifier)/status", encoding: .utf8)
        else { return nil }
        let line = status.split(separator: "\n").first { $0.hasPrefix("VmHWM:") }
        return line.flatMap { Int($0.split(whereSeparator: \.isWhitespace).dropFirst().first ?? "") }.map { $0 * 1024 }
    }

    /// SIGTERM, then waits for it to end.
    func stop() {
        guard process.isRunning else { return }
        process.terminate()
        process.waitUntilExit()
    }
}
