import Foundation
import SandboxStore
import Storage
import StoreSQLite
import Testing

/// A `moonwire serve` running in the background for a test, stopped by SIGTERM or killed.
final class ServeProcess {
    let process = Process()
    private let output = Pipe()
    private let errors = Pipe()
    private let collected = LockedText()

    /// Starts `moonwire <command> arguments...` in `p`'s directory and waits until it prints `ready`.
    init(
        _ p: MoonwireProcess, command: [String] = ["serve"], arguments: [String], environment extra: [String: String] = [:],
        ready: String = "waiting for replies"
    ) throws {
        process.executableURL = MoonwireProcess.binary
        process.arguments = command + arguments
        process.environment = p.environment.merging(extra) { $1 }
        process.currentDirectoryURL = p.directory
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = FileHandle.nullDevice
        let collected = self.collected
        for pipe in [output, errors] {
            pipe.fileHandleForReading.readabilityHandler = { handle in
                let data = handle.availableData
                if !data.isEmpty { collected.append(String(decoding: data, as: UTF8.self)) }
            }
        }
        try process.run()
        let started = Self.wait(timeout: 60) { collected.text.contains(ready) || !self.process.isRunning }
        guard started, process.isRunning else {
            throw ServeFailure(message: "serve did not start: \(collected.text)")
        }
    }

    /// Everything serve printed so far (stdout and stderr).
    var text: String { collected.text }

    /// SIGTERM, then waits for the exit status.
    @discardableResult
    func stop() -> Int32 {
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        Thread.sleep(forTimeInterval: 0.1)  // let the readability handlers drain
        return process.terminationStatus
    }

    /// SIGKILL: a crash, nothing flushed or finished.
    func kill() {
        if process.isRunning { Foundation.kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }

    deinit {
        if process.isRunning { Foundation.kill(process.processIdentifier, SIGKILL) }
    }

    /// Polls `condition` every 50 ms until it holds or `timeout` seconds pass.
    static func wait(timeout: TimeInterval, _ condition: () throws -> Bool) rethrows -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if try condition() { return true }
            Thread.sleep(forTimeInterval: 0.05)
        }
        return try condition()
    }
}

/// Why a serve process could not be used.
struct ServeFailure: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}

/// Text appended from pipe handlers on other threads.
final class LockedText: @unchecked Sendable {
    // Safety: every access holds `lock`.
    private let lock = NSLock()
    private var value = ""
    func append(_ s: String) { lock.withLock { value += s } }
    var text: String { lock.withLock { value } }
}

extension MoonwireProcess {
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
