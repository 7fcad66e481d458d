import Foundation
import LuaKit
import SMSCore
import Storage
import StorageBackends

/// `moonwire test`: runs the `*_test.lua` files of plugin directories. Each test gets a fresh
/// ``PluginTestSession`` (in-memory store, sandbox provider, virtual clock at the file's start,
/// the directory's plugins loaded); the tests of one file run in order, files run in parallel.
public struct PluginTestRunner: Sendable {
    /// Where the virtual clock starts unless a file calls `test.start_at`: Monday 5 January 2026,
    /// 09:00 in Paris.
    public static let defaultStart = Date(timeIntervalSince1970: 1_767_600_000)

    /// Each run's time budget and each state's memory ceiling.
    public var limits: LuaLimits
    /// Which tests run, by file and name (nil: all).
    public var filter: (@Sendable (_ file: String, _ name: String) -> Bool)?
    /// How many files run at once.
    public var parallelism: Int

    /// A runner.
    public init(
        limits: LuaLimits = LuaLimits(), filter: (@Sendable (String, String) -> Bool)? = nil,
        parallelism: Int = ProcessInfo.processInfo.activeProcessorCount
    ) {
        self.limits = limits
        self.filter = filter
        self.parallelism = max(1, parallelism)
    }

    /// One test file and the plugin directory it tests.
    public struct TestFile: Sendable, Hashable {
        /// The directory whose plugins are loaded for its tests.
        public var directory: String
        /// The file's path.
        public var path: String
    }

    /// The test files `path` names: the `*_test.lua` files of a directory (sorted), or one such file.
    /// - Throws: `tests_not_found` when `path` does not exist or is not a test file.
    public static func testFiles(at path: String) throws(EngineError) -> [TestFile] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw EngineError(code: "tests_not_found", message: "\(path) does not exist (give a plugin directory, e.g. moonwire test plugins)")
        }
        if isDirectory.boolValue {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
            return names.filter { ScriptHost.isTestFile($0) }.sorted().map {
                TestFile(directory: path, path: path.hasSuffix("/") ? path + $0 : path + "/" + $0)
            }
        }
        guard ScriptHost.isTestFile(URL(fileURLWithPath: path).lastPathComponent) else {
            throw EngineError(
                code: "tests_not_found",
                message: "\(path) is not a test file: test files end in _test.lua (give it, or the plugin directory holding them)")
        }
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        return [TestFile(directory: directory.isEmpty ? "." : directory, path: path)]
    }

    /// Runs `files`, several at once; `report` gets each file's results in the order of `files`,
    /// as soon as that file and every file before it have finished (the output does not depend
    /// on which file finished first).
    /// - Returns: every result, in the order of `files`.
    public func run(_ files: [TestFile], report: @escaping @Sendable ([PluginTestResult]) -> Void) async -> [PluginTestResult] {
        var byIndex: [Int: [PluginTestResult]] = [:]
        var reported = 0  // files reported so far, from the first
        await withTaskGroup(of: (Int, [PluginTestResult]).self) { group in
            var next = 0
            func add() {
                let index = next
                let file = files[index]
                group.addTask { (index, await self.run(file)) }
                next += 1
            }
            while next < files.count, next < parallelism { add() }
            for await (index, results) in group {
                byIndex[index] = results
                while let ready = byIndex[reported] {
                    report(ready)
                    reported += 1
                }
                if next < files.count { add() }
            }
        }
        return (0..<files.count).flatMap { byIndex[$0] ?? [] }
    }

    /// Runs the tests of one file, in order, each in a fresh session.
    public func run(_ file: TestFile) async -> [PluginTestResult] {
        let started = ContinuousClock.now
        let source: [UInt8]
        do {
            source = ScriptHost.strippingShebang(Array(try Data(contentsOf: URL(fileURLWithPath: file.path))))
        } catch {
            return [
                PluginTestResult(
                    file: file.path, name: "(file)", passed: false, duration: ContinuousClock.now - started,
                    message: "cannot read \(file.path): \(ScriptHost.reason(error))")
            ]
        }
        let chunk = PluginTestRunner.chunkName(file.path)
        var results: [PluginTestResult] = []
        var names: [String]?
        var index = 0  // the next test to consider, from 0
        while names == nil || index < names!.count {
            if let names, let filter {
                while index < names.count, !filter(file.path, names[index]) { index += 1 }
                if index == names.count { break }
            }
            let testStarted = ContinuousClock.now
            var session: PluginTestSession?
            var loan: MemoryDatabaseRecycler.Loan?
            // Also when the loop stops early: the test's database goes back once it is released.
            defer {
                session = nil
                if let loan { PluginTestSession.recycle(loan) }
            }
            var name = "(file)"
            do {
                let (storage, lent) = try PluginTestSession.database()
                loan = lent
                let fresh = try PluginTestSession(limits: limits, start: PluginTestRunner.defaultStart, storage: storage)
                session = fresh
                let (environment, control) = try await fresh.prepare(directory: file.directory, source: source)
                _ = try await fresh.host.runtime.run(source: source, chunkName: "@" + chunk, environment: environment)
                let listed = try await PluginTestRunner.names(control, in: fresh.host.runtime)
                if names == nil { names = listed.names }
                while index < listed.names.count, let filter, !filter(file.path, listed.names[index]) { index += 1 }
                guard index < listed.names.count else { break }
                name = listed.names[index]
                if let start = listed.start, let clock = fresh.host.clock as? VirtualClock {
                    try await clock.reset(to: Date(timeIntervalSince1970: start))
                }
                let statuses = await fresh.host.loadPlugins(from: file.directory)
                let broken = statuses.compactMap { status in status.error.map { "plugin \(status.name) failed to load: \($0)" } }
                if !broken.isEmpty { throw LuaError(kind: .runtime, message: broken.joined(separator: "\n")) }
                guard case .function(let run) = control["run"] else {
                    throw LuaError(kind: .runtime, message: "moonwire.test: no run function")
                }
                _ = try await fresh.host.runtime.run(run, arguments: [.integer(Int64(index + 1))])
                var failures = await fresh.settle()
                for error in fresh.log.takeNewErrors() where !failures.contains(where: { error.contains($0) }) { failures.append(error) }
                if !failures.isEmpty {
                    throw LuaError(kind: .runtime, message: "after the test, the plugins failed:\n  " + failures.joined(separator: "\n  "))
                }
                results.append(
                    PluginTestResult(
                        file: file.path, name: name, passed: true, duration: ContinuousClock.now - testStarted, output: fresh.log.output))
            } catch {
                let failure = PluginTestRunner.failure(error, chunk: chunk)
                results.append(
                    PluginTestResult(
                        file: file.path, name: name, passed: false, duration: ContinuousClock.now - testStarted,
                        message: failure.message, traceback: failure.traceback, output: session?.log.output ?? ""))
                if names == nil { break }  // the file itself failed: no test can run
            }
            index += 1
        }
        return results
    }

    /// What a test file's top level declared.
    struct Listing: Sendable {
        var names: [String]
        var start: Double?
    }

    /// The names `test(...)` collected and the start `test.start_at` set.
    static func names(_ control: LuaTable, in runtime: LuaRuntime) async throws(LuaError) -> (names: [String], start: Double?) {
        guard case .function(let names) = control["names"], case .function(let start) = control["start"] else {
            throw LuaError(kind: .runtime, message: "moonwire.test: no control functions")
        }
        let outcome = await runtime.withState { state -> Result<Listing, LuaError> in
            do throws(LuaError) {
                let listed = try state.call(names).first?.tableValue?.array.compactMap(\.stringValue) ?? []
                return .success(Listing(names: listed, start: try state.call(start).first?.numberValue))
            } catch {
                return .failure(error)
            }
        }
        let listing = try outcome.get()
        return (listing.names, listing.start)
    }

    /// How a test file is named in Lua's messages: its path, or its directory's name and its
    /// name (or its name alone) when the path is long (Lua cuts chunk names past 60 bytes with
    /// "...", which would hide the file's name).
    public static func chunkName(_ path: String) -> String {
        if path.utf8.count <= 55 { return path }
        let url = URL(fileURLWithPath: path)
        let short = url.deletingLastPathComponent().lastPathComponent + "/" + url.lastPathComponent
        return short.utf8.count <= 55 ? short : url.lastPathComponent
    }

    /// A failure's message, starting with the test file's `file:line` when the error carries no
    /// position (a plain `assert`), and its traceback.
    static func failure(_ error: any Error, chunk: String) -> (message: String, traceback: String) {
        switch error {
        case let error as LuaError:
            var message = error.message
            // No position of its own (a plain `assert`), or one that is not the test file's.
            if !message.hasPrefix(chunk + ":"), error.location == nil || !message.hasPrefix(error.location!) {
                if let line = testLine(in: error.traceback, chunk: chunk) ?? error.location { message = "\(line): \(message)" }
            }
            return (message, error.traceback)
        case let error as EngineError:
            return (error.message, "")
        case let error as StorageError:
            return (error.message, "")
        default:
            return ("\(error)", "")
        }
    }

    /// The first `chunk:line` of the traceback that is in the test file.
    static func testLine(in traceback: String, chunk: String) -> String? {
        for line in traceback.split(separator: "\n") {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard trimmed.hasPrefix(chunk + ":") else { continue }
            let rest = trimmed.dropFirst(chunk.count + 1)
            let digits = rest.prefix { $0.isNumber }
            if !digits.isEmpty { return chunk + ":" + digits }
        }
        return nil
    }
}
