import Engine
import Foundation
import LuaKit
import Synchronization
import Testing

@Suite("moonwire test's runner: test files against the real engine, in process")
struct PluginTestRunnerTests {
    /// A directory holding `files`, removed by the caller.
    static func directory(_ files: [String: String]) throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("moonwire-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        for (name, source) in files {
            try source.write(to: directory.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        return directory
    }

    static func run(_ directory: URL, filter: (@Sendable (String, String) -> Bool)? = nil) async throws -> [PluginTestResult] {
        let runner = PluginTestRunner(limits: LuaLimits(runBudget: .seconds(5), memoryLimit: 64 << 20), filter: filter)
        return await runner.run(try PluginTestRunner.testFiles(at: directory.path)) { _ in }
    }

    @Test("the shipped example tests pass")
    func shippedExamples() async throws {
        let plugins = FlowHarness.packageRoot.appendingPathComponent("plugins")
        let results = try await PluginTestRunnerTests.run(plugins)
        for result in results where !result.passed {
            Issue.record("\(result.file): \(result.name): \(result.message ?? "")\n\(result.traceback)")
        }
        let files = Set(results.map { URL(fileURLWithPath: $0.file).lastPathComponent })
        #expect(files == ["autoreply_test.lua", "orders_test.lua", "stop_test.lua", "welcome_drip_test.lua"])
        #expect(results.count >= 9)
    }

    @Test("a failed expectation names the test file's line and both values; the other tests still run")
    func failureLocation() async throws {
        let directory = try PluginTestRunnerTests.directory([
            "echo.lua": "on.reply(function(r) assert(r:reply('echo: ' .. r.body)) end)\n",
            "echo_test.lua": """
                test("echoes", function(t)
                  t:reply{ from = "+33612345678", body = "hi" }
                  t:expect(t:sent()[1].body):equals("echo: hello")
                end)
                test("plain assert", function(t)
                  assert(#t:sent() == 1)
                end)
                test("tables", function(t)
                  t:reply{ from = "+33612345678", body = "a" }
                  t:expect(t:sent()):equals({ { body = "echo: b" } })
                end)
                test("passes", function(t)
                  t:reply{ from = "+33612345678", body = "x" }
                  t:expect(t:sent{ to = "06 12 34 56 78" }[1]):equals({ to = "+33612345678", body = "echo: x", from = "MOONWIRE",
                    class = "transactional", at = t:sent()[1].at, status = "sent" })
                end)
                """,
        ])
        defer { try? FileManager.default.removeItem(at: directory) }
        let results = try await PluginTestRunnerTests.run(directory)
        #expect(results.map(\.name) == ["echoes", "plain assert", "tables", "passes"])
        #expect(results.map(\.passed) == [false, false, false, true], "\(results.map { $0.message ?? "" })")
        let chunk = PluginTestRunner.chunkName(directory.appendingPathComponent("echo_test.lua").path)
        let echo = try #require(results[0].message)
        #expect(echo.hasPrefix("\(chunk):3: values differ"), "\(echo)")
        #expect(echo.contains("expected: \"echo: hello\""))
        #expect(echo.contains("actual: \"echo: hi\""))
        #expect(results[1].message?.hasPrefix("\(chunk):6: ") == true, "\(results[1].message ?? "")")
        let tables = try #require(results[2].message)
        #expect(tables.hasPrefix("\(chunk):10: tables differ"), "\(tables)")
        #expect(tables.contains("[1].body: expected \"echo: b\", got \"echo: a\""), "\(tables)")
        #expect(tables.contains("[1].to: unexpected \"+33612345678\""), "\(tables)")
    }

    @Test("a handler that raises fails the t:reply that woke it, with the handler's error")
    func failingHandler() async throws {
        let directory = try PluginTestRunnerTests.directory([
            "broken.lua": "on.keyword('BOOM', function(r) error('kaput') end)\n",
            "broken_test.lua": "test('boom', function(t)\n  t:reply{ from = '+33612345678', body = 'boom' }\nend)\n",
        ])
        defer { try? FileManager.default.removeItem(at: directory) }
        let results = try await PluginTestRunnerTests.run(directory)
        let message = try #require(results.first?.message)
        #expect(results.first?.passed == false)
        #expect(message.contains("broken_test.lua:2: t:reply"), "\(message)")
        #expect(message.contains("broken.lua:1: kaput"), "\(message)")
    }

    @Test("test.start_at moves every test's clock; each test starts on a fresh store")
    func startAndIsolation() async throws {
        let directory = try PluginTestRunnerTests.directory([
            "test_test.lua": """
                test.start_at("2026-03-02T10:00:00+01:00")
                test("first", function(t)
                  t:expect(clock.now()):equals(1772442000)
                  assert(sms.send{ to = "+33612345678", body = "one" })
                  t:expect(#t:sent()):equals(1)
                end)
                test("second", function(t)
                  t:expect(t:sent()):equals({})
                  t:expect(t:advance("1d")):equals(1772442000 + 86400)
                end)
                """
        ])
        defer { try? FileManager.default.removeItem(at: directory) }
        let results = try await PluginTestRunnerTests.run(directory)
        #expect(results.map(\.passed) == [true, true], "\(results.map { $0.message ?? "" })")
    }

    @Test("every test starts from a clean state: no global, plugin variable, contact or message a test of the same file or another left")
    func cleanStateBetweenTests() async throws {
        // Each test checks it sees nothing, then leaves something of each kind behind.
        let body = """
            test("%@", function(t)
              t:expect(leaked):is_nil()
              t:expect(contacts.get("+33612345678")):is_nil()
              t:expect(t:sent()):equals({})
              t:reply{ from = "+33612345678", body = "hi" }
              t:expect(t:sent()[1].body):equals("count 1")
              leaked = true
              assert(contacts.add{ phone = "+33612345678", first_name = "Ana" })
            end)

            """
        let file = ["first", "second", "third"].map { body.replacingOccurrences(of: "%@", with: $0) }.joined()
        let directory = try PluginTestRunnerTests.directory([
            "counter.lua": "local count = 0\non.reply(function(r)\n  count = count + 1\n  assert(r:reply('count ' .. count))\nend)\n",
            "a_test.lua": file, "b_test.lua": file, "c_test.lua": file,
        ])
        defer { try? FileManager.default.removeItem(at: directory) }
        let results = try await PluginTestRunnerTests.run(directory)
        #expect(results.count == 9)
        #expect(results.allSatisfy { $0.passed }, "\(results.map { $0.message ?? "ok" })")
    }

    @Test("files run in parallel and are reported in their order, whichever finishes first")
    func reportOrder() async throws {
        // The first file's test spins; the others finish while it runs.
        var files = ["a_test.lua": "test('slow', function(t)\n  local n = 0\n  for i = 1, 20000000 do n = n + i end\nend)\n"]
        for name in ["b", "c", "d", "e"] { files["\(name)_test.lua"] = "test('fast', function(t) end)\n" }
        let directory = try PluginTestRunnerTests.directory(files)
        defer { try? FileManager.default.removeItem(at: directory) }
        let reported = Mutex<[String]>([])
        let runner = PluginTestRunner(limits: LuaLimits(runBudget: .seconds(30), memoryLimit: 64 << 20), parallelism: 4)
        let results = await runner.run(try PluginTestRunner.testFiles(at: directory.path)) { results in
            reported.withLock { names in names += results.map { URL(fileURLWithPath: $0.file).lastPathComponent } }
        }
        let order = ["a_test.lua", "b_test.lua", "c_test.lua", "d_test.lua", "e_test.lua"]
        #expect(results.allSatisfy { $0.passed }, "\(results.map { $0.message ?? "ok" })")
        #expect(results.map { URL(fileURLWithPath: $0.file).lastPathComponent } == order)
        #expect(reported.withLock { $0 } == order)
    }

    @Test("the filter runs only the tests it selects")
    func filter() async throws {
        let plugins = FlowHarness.packageRoot.appendingPathComponent("plugins")
        let results = try await PluginTestRunnerTests.run(plugins) { _, name in name.contains("OUI") }
        #expect(results.map(\.name) == ["OUI on day 3: the welcome, the question three days later, the discount code"])
        #expect(results.allSatisfy { $0.passed })
    }

    @Test("test files are not loaded as plugins")
    func testFilesAreNotPlugins() async throws {
        let directory = try PluginTestRunnerTests.directory([
            "a.lua": "on.reply(function(r) end)\n",
            "a_test.lua": "error('a test file was loaded as a plugin')\n",
        ])
        defer { try? FileManager.default.removeItem(at: directory) }
        let host = try TestHost()
        defer { host.cleanUp() }
        let statuses = await host.host.loadPlugins(from: directory.path)
        #expect(statuses.map(\.name) == ["a.lua"])
        #expect(statuses.allSatisfy { $0.error == nil })
    }

    @Test("t:http answers http and flow:http by method and URL, the latest match first; t:requests lists what was asked")
    func scriptedHTTP() async throws {
        let directory = try PluginTestRunnerTests.directory([
            "crm.lua": """
                on.keyword("LEAD", function(r)
                  local answer, err = http.post("https://crm.example/leads", { phone = r.from })
                  if not answer then return r:reply("no lead: " .. err.code .. ": " .. err.message) end
                  r:reply("lead " .. tostring(answer.json and answer.json.id) .. ", status " .. answer.status)
                end)
                flows.define("sync", function(flow)
                  local r = assert(flow:http{ url = "https://crm.example/sync/" .. flow.phone:sub(2) })
                  flow:sleep("1d")
                  flow:send("synced: " .. r.body)
                end)
                """,
            "crm_test.lua": """
                local ANA = "+33612345678"
                test("answers", function(t)
                  t:http("POST /leads", { status = 201, json = { id = 7 } })
                  t:reply{ from = ANA, body = "LEAD" }
                  t:expect(t:sent()[1].body):equals("lead 7, status 201")
                  local asked = t:requests()
                  t:expect(#asked):equals(1)
                  t:expect(asked[1].method):equals("POST")
                  t:expect(asked[1].json):equals({ phone = ANA })
                  t:expect(asked[1].headers["content-type"]):contains("json")
                end)
                test("latest match wins, functions see the request", function(t)
                  t:http("/leads", { status = 500 })
                  t:http("POST /leads", function(request) return { json = { id = #request.json.phone } } end)
                  t:reply{ from = ANA, body = "LEAD" }
                  t:expect(t:sent()[1].body):equals("lead 12, status 200")
                end)
                test("unmatched is refused, a function may fail the call", function(t)
                  t:http("GET /leads", "never: the method differs")
                  t:reply{ from = ANA, body = "LEAD" }
                  t:expect(t:sent()[1].body):matches("^no lead: refused: no t:http answer matches POST https://crm.example/leads")
                  t:http("/leads", function() return nil, "timeout", "the CRM is slow" end)
                  t:reply{ from = ANA, body = "LEAD" }
                  t:expect(t:sent()[2].body):equals("no lead: timeout: the CRM is slow")
                end)
                test("flow:http: retried without waiting, one Idempotency-Key, replayed without calling", function(t)
                  local tries = 0
                  t:http("/sync/%d+$", function(request)
                    tries = tries + 1
                    if tries == 1 then return { status = 503 } end
                    return "ok " .. tries
                  end)
                  flows.start("sync", ANA)
                  t:advance("1d")
                  t:expect(t:sent()[1].body):equals("synced: ok 2")
                  local asked = t:requests()
                  t:expect(#asked):equals(2)
                  t:expect(asked[1].headers["idempotency-key"]):matches("^flow%-%d+%-1$")
                  t:expect(asked[2].headers["idempotency-key"]):equals(asked[1].headers["idempotency-key"])
                end)
                test("a bad answer fails the test at t:http's line", function(t)
                  t:http("/leads", { status = 42 })
                end)
                test("an answer function that raises fails the t:reply that made the call", function(t)
                  t:http("/leads", function() error("boom in the answer") end)
                  t:reply{ from = ANA, body = "LEAD" }
                end)
                test("a malformed pattern fails the call it is matched against", function(t)
                  t:http("/leads(", "never")
                  t:reply{ from = ANA, body = "LEAD" }
                end)
                test("a broken answer is not tried again by flow:http", function(t)
                  local calls = 0
                  t:http("/sync/", function() calls = calls + 1 error("broken") end)
                  flows.start("sync", ANA)
                  pcall(t.advance, t, "1d")
                  t:expect(calls):equals(1)
                end)
                """,
        ])
        defer { try? FileManager.default.removeItem(at: directory) }
        let results = try await PluginTestRunnerTests.run(directory)
        #expect(results.count == 8)
        for result in results.prefix(4) where !result.passed {
            Issue.record("\(result.name): \(result.message ?? "")\n\(result.traceback)")
        }
        let bad = try #require(results.first { $0.name == "a bad answer fails the test at t:http's line" })
        #expect(!bad.passed)
        #expect(bad.message?.contains("crm_test.lua:42:") == true, "\(bad.message ?? "")")
        #expect(bad.message?.contains("status must be an integer from 100 to 599, got 42") == true, "\(bad.message ?? "")")
        let raising = try #require(results.first { $0.name.hasPrefix("an answer function that raises") })
        #expect(!raising.passed)
        #expect(raising.message?.contains("boom in the answer") == true, "\(raising.message ?? "")")
        #expect(raising.message?.contains("crm_test.lua:46:") == true, "\(raising.message ?? "")")
        let pattern = try #require(results.first { $0.name == "a malformed pattern fails the call it is matched against" })
        #expect(pattern.message?.contains("t:http(\"/leads(\"): not a valid Lua pattern") == true, "\(pattern.message ?? "")")
        let retried = try #require(results.first { $0.name == "a broken answer is not tried again by flow:http" })
        #expect(retried.passed, "\(retried.message ?? "")")
    }
}
