import Foundation
import SandboxStore
import Storage
import StoreSQLite
import Testing

/// A `moonwire serve` running in the background for a test, stopped by SIGTERM or killed.
final class ServeProcess {
    let process: ChildProcess

    /// Starts `moonwire <command> arguments...` in `p`'s directory and waits until it prints `ready`.
    init(
        _ p: MoonwireProcess, command: [String] = ["serve"], arguments: [String], environment extra: [String: String] = [:],
        ready: String = "waiting for replies"
    ) async throws {
        // One pipe for both streams: the lines serve writes to stderr before its ready line on
        // stdout are then in `text` once the ready line is.
        process = try p.start(command + arguments, environment: extra, mergeOutput: true)
        let started = await process.waitForOutput(timeout: 60) { $0.contains(ready) }
        guard started, process.isRunning else {
            process.signal(SIGKILL)
            throw ServeFailure(message: "serve did not start: \(process.output)")
        }
    }

    /// Everything serve printed so far (stdout and stderr).
    var text: String { process.output }

    /// Waits until what serve printed satisfies `condition`, or `timeout` seconds pass.
    func waitForOutput(timeout: TimeInterval = 30, _ condition: @escaping @Sendable (String) -> Bool) async -> Bool {
        await process.waitForOutput(timeout: timeout, condition)
    }

    /// SIGTERM, then waits for the exit status (128 + the signal if one ended it).
    @discardableResult
    func stop() -> Int32 {
        process.signal(SIGTERM)
        return process.wait().status
    }

    /// SIGKILL: a crash, nothing flushed or finished.
    func kill() {
        process.signal(SIGKILL)
        process.wait()
    }
}

/// Why a serve process could not be used.
struct ServeFailure: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}

extension MoonwireProcess {
    /// Writes `plugins` (file name → source) into the test's `plugins` directory; returns its path.
    func writePlugins(_ plugins: [String: String]) throws -> String {
        let directory = self.directory.appendingPathComponent("plugins")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        for (name, source) in plugins {
            try source.write(to: directory.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        return directory.path
    }

    /// The test's database, opened beside the running processes (WAL allows it).
    func store() throws -> SQLiteStore { try SQLiteStore(path: environment["MOONWIRE_DB"]!) }

    /// The sandbox messages sent to `number`.
    func sent(to number: String) async throws -> [SandboxMessage] {
        try await store().sandbox().sandboxMessages().filter { $0.to == number }
    }

    /// Blocks until `condition` holds on the database, or `timeout` seconds pass.
    func waitFor(timeout: TimeInterval = 30, _ condition: @escaping @Sendable (SQLiteStore) async throws -> Bool) async throws -> Bool {
        let store = try store()
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if try await condition(store) { return true }
            try await Task.sleep(for: .milliseconds(50))
        }
        return try await condition(store)
    }
}
