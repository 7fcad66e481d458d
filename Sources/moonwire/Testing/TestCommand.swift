import ArgumentParser
import Engine
import Foundation
import LuaKit
import Synchronization

/// `moonwire test [PATH...]`: runs the `*_test.lua` files beside the plugins.
struct TestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Run the plugins' tests (*_test.lua) against the real engine, on a virtual clock.",
        discussion: """
            For each PATH (a plugin directory, default ./plugins, or one *_test.lua file), every \
            *_test.lua file is run. A test file calls test(name, function(t) ... end); each test \
            gets a fresh runtime: an in-memory database, the sandbox provider, the virtual clock \
            at 2026-01-05T09:00:00+01:00 (a Monday; test.start_at(instant) at the top of the file \
            sets another), the directory's plugins loaded (test files are never loaded as \
            plugins), and every binding.

            Inside a test:
              t:reply{from=, body=}   a handset replies; returns once it is routed and every \
            handler and flow it woke has finished
              t:advance("3d")         moves the clock, firing what falls due in order
              t:sent([{to=}])         the messages accepted so far: to, body, from, class, at, status
              t:http("GET /orders/%d+", {status=200, json={...}})
                                      answers the plugins' http and flow:http calls whose method             and URL match (the URL's text first, else as a Lua pattern; the latest match wins);             the answer may be a function(request) returning one, or nil, "timeout"; a call             nothing matches is refused: no call leaves a test
              t:requests()            the requests the plugins made: method, url, headers, body, json
              t:expect(v):equals(x) / :contains(s) / :matches(pattern) / :is_nil(), or assert

            Output: a line per test (ok or FAIL, name, time), then each failure with the test \
            file's line, the expected and actual values and a traceback, then "N passed, M \
            failed". The exit status is 0 only when every test passed (and at least one ran). \
            The tests of a file run in order; files run in parallel, and are listed in \
            their order (the output does not depend on which finished first). The database \
            (MOONWIRE_DB) and the provider's keys are never used.

            Examples:
              moonwire test
              moonwire test plugins --filter OUI
              moonwire test plugins/welcome_drip_test.lua --junit test-results.xml
            """)

    @Argument(help: ArgumentHelp("Plugin directories or *_test.lua files (default: plugins).", valueName: "path"))
    var paths: [String] = []

    @Option(name: .long, help: ArgumentHelp("Run only the tests whose name (or file) matches this regular expression.", valueName: "pattern"))
    var filter: String?

    @Option(name: .long, help: ArgumentHelp("Also write the results as JUnit XML to FILE (for CI systems).", valueName: "file"))
    var junit: String?

    @Flag(name: .long, help: "Print the results as one JSON object instead of text.")
    var json = false

    @Option(name: .long, help: ArgumentHelp("Seconds of Lua execution each test and handler run may use.", valueName: "seconds"))
    var budget: Double = 5

    @Option(name: .long, help: ArgumentHelp("Memory ceiling of each Lua state, in MiB.", valueName: "MiB"))
    var memory: Int = 64

    @Option(name: .long, help: ArgumentHelp("How many test files run at once (default: the number of cores).", valueName: "n"))
    var jobs: Int?

    func validate() throws {
        _ = try LimitArguments.limits(budget: budget, memory: memory)
        if let filter {
            do { _ = try Regex(filter) } catch { throw ValidationError("--filter \(filter) is not a regular expression: \(error)") }
        }
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1, got \(jobs)") }
    }

    func run() async throws {
        let limits = try LimitArguments.limits(budget: budget, memory: memory)
        var files: [PluginTestRunner.TestFile] = []
        for path in paths.isEmpty ? ["plugins"] : paths {
            do throws(EngineError) {
                let found = try PluginTestRunner.testFiles(at: path)
                if found.isEmpty { StandardError.write("moonwire: \(path) has no test files (test files end in _test.lua)") }
                files += found
            } catch {
                StandardError.write("moonwire: \(error.message)")
                throw ExitCode(1)
            }
        }
        var runner = PluginTestRunner(limits: limits)
        if let jobs { runner.parallelism = jobs }
        if let filter {
            let pattern = TestFilter(pattern: filter)
            runner.filter = { file, name in pattern.matches(file: file, name: name) }
        }
        let json = self.json
        let started = ContinuousClock.now
        let results = await runner.run(files) { results in
            if !json { TestReport.printLines(results) }
        }
        let elapsed = ContinuousClock.now - started
        if let junit {
            do {
                try Data(JUnitReport.xml(results, elapsed: elapsed).utf8).write(to: URL(fileURLWithPath: junit))
            } catch {
                StandardError.write("moonwire: cannot write --junit \(junit): \(error.localizedDescription)")
                throw ExitCode(1)
            }
        }
        let failed = results.filter { !$0.passed }.count
        if json {
            print(TestReport.json(results, elapsed: elapsed))
        } else {
            TestReport.printFailures(results)
            if results.isEmpty {
                StandardError.write(
                    "moonwire: no test ran" + (filter.map { " (none matches --filter \($0))" } ?? ""))
            }
            print("\(results.count - failed) passed, \(failed) failed")
        }
        if failed > 0 || results.isEmpty { throw ExitCode(1) }
    }
}

/// `--filter`: a regular expression searched in the test's name and in `file: name`.
struct TestFilter: Sendable {
    let pattern: String

    func matches(file: String, name: String) -> Bool {
        // A Regex is not Sendable: made where it is used.
        guard let regex = try? Regex(pattern) else { return false }
        return name.contains(regex) || "\(file): \(name)".contains(regex)
    }
}
