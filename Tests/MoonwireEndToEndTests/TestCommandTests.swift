import Foundation
import Testing

@Suite("moonwire test and moonwire flows check, end to end", .processSlot)
struct TestCommandTests {
    static let plugins = MoonwireProcess.packageRoot.appendingPathComponent("plugins")

    /// Copies the shipped plugins and their tests into `p`'s directory, under plugins/.
    static func copyPlugins(into p: MoonwireProcess) throws -> URL {
        let copy = p.directory.appendingPathComponent("plugins")
        try FileManager.default.createDirectory(at: copy, withIntermediateDirectories: true)
        for name in try FileManager.default.contentsOfDirectory(atPath: plugins.path) where name.hasSuffix(".lua") {
            try FileManager.default.copyItem(at: plugins.appendingPathComponent(name), to: copy.appendingPathComponent(name))
        }
        return copy
    }

    /// A copy of the plugins whose drip sends the wrong question on day 3.
    static func brokenDrip(_ p: MoonwireProcess) throws -> URL {
        let copy = try copyPlugins(into: p)
        let drip = copy.appendingPathComponent("welcome_drip.lua")
        let source = try String(contentsOf: drip, encoding: .utf8)
        let broken = source.replacingOccurrences(of: "Votre première commande vous a-t-elle plu ?", with: "Alors, ce colis ?")
        #expect(broken != source)
        try broken.write(to: drip, atomically: true, encoding: .utf8)
        return copy
    }

    /// The 1-based line of the first line of `file` containing `text`.
    static func line(of text: String, in file: URL) throws -> Int {
        let lines = try String(contentsOf: file, encoding: .utf8).components(separatedBy: "\n")
        return try #require(lines.firstIndex { $0.contains(text) }) + 1
    }

    /// The counts of the last line, `N passed, M failed`.
    static func summary(_ stdout: String) -> (passed: Int, failed: Int)? {
        guard let last = stdout.split(separator: "\n").last else { return nil }
        let words = last.split(separator: " ")
        guard words.count == 4, words[1] == "passed,", words[3] == "failed", let passed = Int(words[0]), let failed = Int(words[2])
        else { return nil }
        return (passed, failed)
    }

    @Test("the shipped example tests (plugins/*_test.lua) pass: a line per test, N passed, 0 failed, exit 0")
    func shippedExamples() async throws {
        let p = try MoonwireProcess()
        defer { p.cleanUp() }
        let r = try await p.run(["test", TestCommandTests.plugins.path])
        #expect(r.status == 0, "stdout: \(r.stdout)\nstderr: \(r.stderr)")
        let summary = try #require(TestCommandTests.summary(r.stdout), "\(r.stdout)")
        #expect(summary.failed == 0)
        #expect(summary.passed >= 9)
        let lines = r.stdout.split(separator: "\n").dropLast()
        #expect(lines.count == summary.passed)
        #expect(lines.allSatisfy { $0.hasPrefix("ok   ") && $0.hasSuffix(" ms)") }, "\(r.stdout)")
        #expect(r.stdout.contains("ok   OUI on day 3"))
        // Nothing touched the configured database.
        #expect(!FileManager.default.fileExists(atPath: p.directory.appendingPathComponent("moonwire.db").path))
    }

    @Test("a broken copy of the drip (wrong text on day 3) fails with the test's file:line, expected and actual, exit 1")
    func brokenDripFails() async throws {
        let p = try MoonwireProcess()
        defer { p.cleanUp() }
        let copy = try TestCommandTests.brokenDrip(p)
        let r = try await p.run(["test", "plugins"])
        #expect(r.status == 1, "stdout: \(r.stdout)\nstderr: \(r.stderr)")
        let testFile = copy.appendingPathComponent("welcome_drip_test.lua")
        let line = try TestCommandTests.line(of: "t:expect(sent[2].body):equals(QUESTION)", in: testFile)
        #expect(r.stdout.contains("FAIL NON two hours after the question"), "\(r.stdout)")
        #expect(r.stdout.contains("plugins/welcome_drip_test.lua:\(line): values differ"), "\(r.stdout)")
        #expect(r.stdout.contains("expected: \"Votre première commande vous a-t-elle plu ? Répondez OUI ou NON.\""))
        #expect(r.stdout.contains("actual: \"Alors, ce colis ? Répondez OUI ou NON.\""))
        let tableLine = try TestCommandTests.line(of: "t:expect(bodies(t, ANA)):equals({", in: testFile)
        #expect(r.stdout.contains("plugins/welcome_drip_test.lua:\(tableLine): tables differ"), "\(r.stdout)")
        #expect(r.stdout.contains("[2]: expected \"Votre première commande"), "\(r.stdout)")
        let summary = try #require(TestCommandTests.summary(r.stdout), "\(r.stdout)")
        #expect(summary.failed == 2)
        #expect(summary.passed >= 7)
    }

    @Test("--filter runs only the tests whose name matches")
    func filter() async throws {
        let p = try MoonwireProcess()
        defer { p.cleanUp() }
        let r = try await p.run(["test", TestCommandTests.plugins.path, "--filter", "^OUI"])
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
        #expect(r.stdout.hasPrefix("ok   OUI on day 3"))
        #expect(r.stdout.hasSuffix("1 passed, 0 failed\n"), "\(r.stdout)")
        let none = try await p.run(["test", TestCommandTests.plugins.path, "--filter", "no such test"])
        #expect(none.status == 1)
        #expect(none.stdout.hasSuffix("0 passed, 0 failed\n"))
        #expect(none.stderr.contains("no test ran"))
    }

    @Test("--junit writes well-formed JUnit XML: a testcase per test, a failure element per failed one")
    func junit() async throws {
        let p = try MoonwireProcess()
        defer { p.cleanUp() }
        _ = try TestCommandTests.brokenDrip(p)
        let xml = p.directory.appendingPathComponent("results.xml")
        let r = try await p.run(["test", "plugins", "--junit", xml.path])
        #expect(r.status == 1)
        let summary = try #require(TestCommandTests.summary(r.stdout))
        // Parsed by a real XML parser (Python's, which CI has: scripts/test uses it): it refuses
        // anything not well-formed.
        let counted = try await TestCommandTests.countJUnit(xml)
        #expect(counted["root"] as? String == "testsuites")
        #expect(counted["tests"] as? String == String(summary.passed + summary.failed))
        #expect(counted["failures"] as? String == String(summary.failed))
        #expect(counted["suites"] as? Int == 4)  // one per shipped test file
        #expect(counted["testcases"] as? Int == summary.passed + summary.failed)
        #expect(counted["failure_elements"] as? Int == summary.failed)
        #expect((counted["failure_text"] as? String)?.contains("welcome_drip_test.lua:") == true)
    }

    /// The elements of a JUnit file, counted by Python's XML parser (which fails on malformed XML).
    static func countJUnit(_ file: URL) async throws -> [String: Any] {
        let script = """
            import json, sys, xml.etree.ElementTree as ET
            root = ET.parse(sys.argv[1]).getroot()
            failures = root.findall('.//failure')
            print(json.dumps({"root": root.tag, "tests": root.get("tests"), "failures": root.get("failures"),
                              "suites": len(root.findall('testsuite')), "testcases": len(root.findall('.//testcase')),
                              "failure_elements": len(failures), "failure_text": "".join(f.text or "" for f in failures)}))
            """
        let python = try ChildProcess(
            "/usr/bin/env", ["python3", "-c", script, file.path], environment: ProcessInfo.processInfo.environment,
            directory: FileManager.default.temporaryDirectory.path)
        let ended = await python.wait(timeout: 60)
        #expect(ended == .exited(0), "the JUnit file is not well-formed XML: \(python.stderr)")
        let data = Data(python.stdout.utf8)
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    @Test("--json prints one object: counts, and each test with its status, message and traceback")
    func json() async throws {
        let p = try MoonwireProcess()
        defer { p.cleanUp() }
        _ = try TestCommandTests.brokenDrip(p)
        let r = try await p.run(["test", "plugins", "--json"])
        #expect(r.status == 1)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any], "\(r.stdout)")
        let tests = try #require(object["tests"] as? [[String: Any]])
        let failed = tests.filter { $0["status"] as? String == "failed" }
        #expect(object["failed"] as? Int == 2)
        #expect(object["passed"] as? Int == tests.count - 2)
        #expect(failed.count == 2)
        for test in failed {
            #expect((test["message"] as? String)?.contains("plugins/welcome_drip_test.lua:") == true)
            #expect((test["traceback"] as? String)?.contains("stack traceback") == true)
            #expect(test["file"] as? String == "plugins/welcome_drip_test.lua")
        }
    }

    @Test("a test written from the README alone, for a plugin not in the repository, passes")
    func newUser() async throws {
        let p = try MoonwireProcess()
        defer { p.cleanUp() }
        let directory = p.directory.appendingPathComponent("cabinet")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try """
            -- cabinet.lua: a dentist's appointments
            flows.define("rappel", function(flow, contact)
              flow:send("Votre rendez-vous est confirmé pour demain 10h.")
              flow:sleep("23h")
              flow:send("Rappel : rendez-vous dans une heure.")
            end)
            on.keyword("RDV", function(r) flows.start("rappel", r.from) end)
            on.keyword("PRIX", function(r) r:reply("Consultation : 50 €") end)
            """.write(to: directory.appendingPathComponent("cabinet.lua"), atomically: true, encoding: .utf8)
        try """
            test("RDV confirms, then reminds an hour before", function(t)
              t:reply{ from = "+33611111111", body = "rdv svp" }
              t:expect(t:sent{ to = "+33611111111" }[1].body):contains("confirmé")
              t:advance("23h")
              local sent = t:sent{ to = "+33611111111" }
              t:expect(#sent):equals(2)
              t:expect(sent[2].body):matches("^Rappel")
            end)

            test("PRIX gives the price", function(t)
              t:reply{ from = "0611111111", body = "Prix ?" }
              t:expect(t:sent()[1].body):equals("Consultation : 50 €")
            end)
            """.write(to: directory.appendingPathComponent("cabinet_test.lua"), atomically: true, encoding: .utf8)
        let r = try await p.run(["test", "cabinet"])
        #expect(r.status == 0, "stdout: \(r.stdout)\nstderr: \(r.stderr)")
        #expect(r.stdout.hasSuffix("2 passed, 0 failed\n"))
    }

    @Test("flows check: unchanged code reports no divergence; a flow:send inserted before the sleep reports every sleeping run")
    func flowsCheck() async throws {
        let p = try MoonwireProcess()
        defer { p.cleanUp() }
        let current = p.directory.appendingPathComponent("current")
        let edited = p.directory.appendingPathComponent("edited")
        for directory in [current, edited] { try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true) }
        let drip = try String(contentsOf: TestCommandTests.plugins.appendingPathComponent("welcome_drip.lua"), encoding: .utf8)
        try drip.write(to: current.appendingPathComponent("welcome_drip.lua"), atomically: true, encoding: .utf8)
        try drip.replacingOccurrences(of: "  flow:sleep(\"3d\")", with: "  flow:send(\"Un mot avant la pause\")\n  flow:sleep(\"3d\")")
            .write(to: edited.appendingPathComponent("welcome_drip.lua"), atomically: true, encoding: .utf8)
        let phones = ["+33612345671", "+33612345672", "+33612345673"]
        var chunks: [String] = []
        for phone in phones { chunks += ["-e", "flows.start('welcome_drip', '\(phone)')"] }
        chunks += ["-e", "clock.advance('1m')"]  // waits for the runs to reach their sleep
        let started = try await p.run(["repl", "--plugins", current.path] + chunks)
        #expect(started.status == 0, "\(started.stdout)\(started.stderr)")
        let listed = try await p.run(["flows", "list", "--status", "sleeping", "--json"])
        let sleeping = try #require(try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [[String: Any]])
        #expect(sleeping.count == 3, "\(listed.stdout)")

        let same = try await p.run(["flows", "check", "--plugins", current.path])
        #expect(same.status == 0, "\(same.stdout)\(same.stderr)")
        #expect(same.stdout.hasSuffix("3 live run(s) checked against \(current.path): 0 would diverge\n"), "\(same.stdout)")

        let changed = try await p.run(["flows", "check", "--plugins", edited.path])
        #expect(changed.status == 1, "\(changed.stdout)\(changed.stderr)")
        for phone in phones {
            #expect(
                changed.stdout.contains(
                    "welcome_drip \(phone) (sleeping): step 2: journal flow:sleep(\"3d\"), code now flow:send(\"Un mot avant la pause\")"),
                "\(changed.stdout)")
        }
        #expect(changed.stdout.hasSuffix("3 live run(s) checked against \(edited.path): 3 would diverge\n"))
        let json = try await p.run(["flows", "check", "--plugins", edited.path, "--json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect((object["divergent"] as? [[String: Any]])?.map { $0["step"] as? Int } == [2, 2, 2])
        // The check changed nothing: the runs still sleep.
        let after = try await p.run(["flows", "list", "--status", "sleeping", "--json"])
        #expect((try JSONSerialization.jsonObject(with: Data(after.stdout.utf8)) as? [[String: Any]])?.count == 3)
    }
}
