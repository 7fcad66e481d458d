import Foundation
import SandboxStore
import Storage
import StoreSQLite
import Testing

/// One hostile plugin under `moonwire serve` must not take the daemon, or another plugin, down.
@Suite("moonwire serve contains a hostile plugin", .serialized, .processSlot)
struct ContainmentServeTests {
    /// Answers every reply no keyword handler takes.
    static let answering = """
        on.reply(function(r)
          assert(r:reply("ok " .. r.body))
        end)
        """

    /// Injects a reply from `from` the way `moonwire sandbox reply` does, without a process each.
    func inject(_ p: MoonwireProcess, from: String, body: String) async throws {
        let reply = SandboxReply(id: "in-\(UUID().uuidString)", from: from, to: "ACME", body: body, receivedAt: Date())
        _ = try await p.store().sandbox().insertSandboxReply(reply)
    }

    /// A call that stays inside Lua's C library for as long as its budget allows: table.concat
    /// over 2^50 slots whose `__index` is table.concat itself, answering "" through C alone
    /// (`__len` is rawlen). Only the kill hook's call events stop it; string.rep("", 1 << 62),
    /// used before, returns at once since string.rep is bounded. No call is known any more that
    /// the budget cannot stop, so a short budget stops this one (the give-up path of
    /// PluginRuntime.runBounded is not reached end to end).
    static let stuckInC = #"table.concat(setmetatable({}, { __len = rawlen, __index = table.concat }), "", 1, 1 << 50)"#

    /// 100 numbers, each of which must get exactly one "ok" answer from the answering plugin.
    static let numbers = (0..<100).map { String(format: "+336120000%02d", $0) }

    func injectBurst(_ p: MoonwireProcess) async throws {
        for number in Self.numbers { try await inject(p, from: number, body: "hello") }
    }

    func expectBurstAnswered(_ p: MoonwireProcess, _ serve: ServeProcess) async throws {
        let answered = try await p.waitFor(timeout: 60) { store in
            Set(try await store.sandbox().sandboxMessages().map(\.to)).isSuperset(of: Self.numbers)
        }
        #expect(answered, "serve said: \(serve.text)")
        let messages = try await p.store().sandbox().sandboxMessages()
        for number in Self.numbers {
            #expect(messages.filter { $0.to == number }.map(\.body) == ["ok hello"], "\(number)")
        }
    }

    /// Stops serve with SIGTERM; returns the seconds it took to exit.
    func timedStop(_ serve: ServeProcess) -> TimeInterval {
        timedStopWithStatus(serve).seconds
    }

    /// How long SIGTERM took to end `serve`, and its exit status.
    func timedStopWithStatus(_ serve: ServeProcess) -> (seconds: TimeInterval, status: Int32) {
        let start = Date()
        let status = serve.stop()
        return (Date().timeIntervalSince(start), status)
    }

    func failed(_ p: MoonwireProcess) async throws -> [[String: Any]] {
        let listed = try await p.run(["inbound", "failed", "--json"])
        #expect(listed.status == 0, "stderr: \(listed.stderr)")
        return (try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [[String: Any]]) ?? []
    }

    @Test("a handler in an endless loop is stopped at its budget, retried, then set aside; the other plugin answers all 100")
    func endlessLoopHandler() async throws {
        let p = try MoonwireProcess()
        defer { p.cleanUp() }
        let plugins = try p.writePlugins([
            "a_loop.lua": """
                on.keyword("LOOP", function(r)
                  while true do end
                end)
                """,
            "b_answer.lua": Self.answering,
        ])
        let serve = try await ServeProcess(p, arguments: ["--plugins", plugins, "--budget", "0.5"])
        try await inject(p, from: "+33699999999", body: "LOOP")
        try await injectBurst(p)
        try await expectBurstAnswered(p, serve)
        let setAside = try await p.waitFor(timeout: 60) { try await $0.poisonedInbound().count == 1 }
        #expect(setAside, "serve said: \(serve.text)")
        #expect(serve.text.contains("a_loop.lua handler registered at plugins/a_loop.lua:1"), "serve said: \(serve.text)")
        #expect(serve.text.contains("plugins/a_loop.lua:2"), "the budget error points at the loop: \(serve.text)")
        #expect(serve.text.contains("inbound 1 from +33699999999"), "serve said: \(serve.text)")
        #expect(timedStop(serve) < 5)

        let listed = try await failed(p)
        #expect(listed.count == 1)
        #expect(listed.first?["from"] as? String == "+33699999999")
        #expect(listed.first?["body"] as? String == "LOOP")
        #expect(listed.first?["plugins"] as? [String] == ["a_loop.lua"])
        #expect(listed.first?["attempts"] as? Int == 3)
        #expect((listed.first?["error"] as? String)?.contains("time budget") == true, "\(listed)")
        let table = try await p.run(["inbound", "failed"])
        #expect(table.stdout.contains("+33699999999") && table.stdout.contains("a_loop.lua"), "\(table.stdout)")

        // A restart does not run it again; once fixed, `inbound retry` routes it.
        try """
            on.keyword("LOOP", function(r) assert(r:reply("fixed")) end)
            """.write(toFile: plugins + "/a_loop.lua", atomically: true, encoding: .utf8)
        let restarted = try await ServeProcess(p, arguments: ["--plugins", plugins, "--budget", "0.5"])
        defer { restarted.stop() }
        #expect(try await p.run(["inbound", "retry", "1"]).status == 0)
        #expect(try await p.waitFor { try await $0.sandbox().sandboxMessages().contains { $0.to == "+33699999999" && $0.body == "fixed" } })
        #expect(try await failed(p).isEmpty)
        #expect(try await p.run(["inbound", "retry", "1"]).status == 1)  // not poisoned any more
    }

    @Test("a plugin that hoards memory in a global hits its own ceiling; the other plugin's handlers do not fail")
    func memoryHog() async throws {
        let p = try MoonwireProcess()
        defer { p.cleanUp() }
        let plugins = try p.writePlugins([
            "a_hog.lua": """
                hoard = {}
                on.keyword("HOG", function(r)
                  while true do hoard[#hoard + 1] = string.rep("x", 1 << 20) .. #hoard end
                end)
                """,
            "b_answer.lua": Self.answering,
        ])
        let serve = try await ServeProcess(p, arguments: ["--plugins", plugins, "--memory", "64"])
        try await inject(p, from: "+33699999998", body: "HOG")
        try await injectBurst(p)
        try await expectBurstAnswered(p, serve)
        #expect(try await p.waitFor(timeout: 60) { try await $0.poisonedInbound().count == 1 }, "serve said: \(serve.text)")
        #expect(serve.text.contains("a_hog.lua handler registered at plugins/a_hog.lua:2"), "serve said: \(serve.text)")
        #expect(serve.text.contains("memory limit"), "serve said: \(serve.text)")
        #expect(!serve.text.contains("b_answer.lua handler"), "the answering plugin never failed: \(serve.text)")
        #expect(timedStop(serve) < 5)
        #expect(try await failed(p).first?["plugins"] as? [String] == ["a_hog.lua"])
    }

    @Test("a plugin whose top level loops, in Lua or stuck in C, fails to load; serve runs the others")
    func loopingTopLevel() async throws {
        let p = try MoonwireProcess()
        defer { p.cleanUp() }
        let plugins = try p.writePlugins([
            "a_top.lua": "while true do end\n",
            "a_ctop.lua": "string.find(('a'):rep(40), ('a*'):rep(40) .. 'b')\n",  // backtracking inside C
            "a_ctop2.lua": Self.stuckInC + "\n",
            "b_answer.lua": Self.answering,
        ])
        let serve = try await ServeProcess(p, arguments: ["--plugins", plugins, "--budget", "0.5"])
        #expect(serve.text.contains("plugin a_top.lua failed to load: plugins/a_top.lua:1:"), "serve said: \(serve.text)")
        #expect(
            serve.text.contains("plugin a_ctop.lua failed to load: plugins/a_ctop.lua:1: run exceeded its time budget"),
            "serve said: \(serve.text)")
        #expect(
            serve.text.contains("plugin a_ctop2.lua failed to load: plugins/a_ctop2.lua:1: run exceeded its time budget"),
            "serve said: \(serve.text)")
        #expect(serve.text.contains("plugin b_answer.lua loaded (1 handler)"), "serve said: \(serve.text)")
        try await injectBurst(p)
        try await expectBurstAnswered(p, serve)
        #expect(timedStop(serve) < 5)
    }

    @Test("a handler spinning inside Lua's C library stops at its budget and its message is set aside; the other plugin answers all 100")
    func handlerSpinningInC() async throws {
        let p = try MoonwireProcess()
        defer { p.cleanUp() }
        let plugins = try p.writePlugins([
            "a_stuck.lua": """
                on.keyword("STUCK", function(r)
                  string.find(("a"):rep(40), ("a*"):rep(40) .. "b")
                end)
                """,
            "b_answer.lua": Self.answering,
        ])
        let serve = try await ServeProcess(p, arguments: ["--plugins", plugins, "--budget", "1"])
        try await inject(p, from: "+33699999996", body: "STUCK")
        try await injectBurst(p)
        try await expectBurstAnswered(p, serve)
        #expect(try await p.waitFor(timeout: 90) { try await $0.poisonedInbound().count == 1 }, "serve said: \(serve.text)")
        #expect(serve.text.contains("a_stuck.lua handler registered at plugins/a_stuck.lua:1"), "serve said: \(serve.text)")
        #expect(timedStop(serve) < 5)
        let listed = try await failed(p)
        #expect(listed.first?["plugins"] as? [String] == ["a_stuck.lua"])
        #expect(listed.first?["attempts"] as? Int == 3)
    }

    @Test("handlers that close 8,000 nested coroutines, copy a table shared 2^40 ways or segment 120 MB fail with a Lua error; the other plugin answers all 100")
    func handlersFailingInsideTheLimits() async throws {
        let p = try MoonwireProcess()
        defer { p.cleanUp() }
        let plugins = try p.writePlugins([
            "a_hostile.lua": [("CLOSE", ContainmentCommandTests.nestedClose), ("COPY", ContainmentCommandTests.sharedSubTables),
                ("SEGMENTS", ContainmentCommandTests.hugeSegments)]
                .map { "on.keyword(\"\($0.0)\", function(r)\n\($0.1)\nend)\n" }.joined(),
            "b_answer.lua": Self.answering,
        ])
        let serve = try await ServeProcess(p, arguments: ["--plugins", plugins])
        for (i, word) in ["CLOSE", "COPY", "SEGMENTS"].enumerated() { try await inject(p, from: "+3369999999\(i)", body: word) }
        try await injectBurst(p)
        try await expectBurstAnswered(p, serve)
        #expect(await serve.waitForOutput { $0.contains("C stack overflow") }, "serve said: \(serve.text)")
        #expect(await serve.waitForOutput { $0.contains("table is too large to copy") }, "serve said: \(serve.text)")
        #expect(await serve.waitForOutput { $0.contains("at most 65536 bytes") }, "serve said: \(serve.text)")
        #expect(serve.process.isRunning)
        #expect(timedStop(serve) < 5)
    }

    @Test("a number stuck on a handler with a backlog longer than the router's window does not hide other numbers' replies")
    func stuckBacklogDoesNotHideOthers() async throws {
        let p = try MoonwireProcess()
        defer { p.cleanUp() }
        let plugins = try p.writePlugins([
            "a_stuck.lua": "on.keyword(\"STUCK\", function(r)\n  print(\"stuck handler ran\")\n  \(Self.stuckInC)\nend)\n",
            "b_answer.lua": Self.answering,
        ])
        // Two at a time, so the window holds 16 messages: the stuck number queues 20 before the other.
        for i in 0..<20 { try await inject(p, from: "+33699999995", body: "STUCK \(i)") }
        try await inject(p, from: "+33612345678", body: "behind the backlog")
        let serve = try await ServeProcess(p, arguments: ["--plugins", plugins, "--budget", "600", "--concurrency", "2"])
        #expect(await serve.waitForOutput(timeout: 30) { $0.contains("stuck handler ran") }, "\(serve.text)")
        let answered = try await p.waitFor(timeout: 60) { store in
            try await store.sandbox().sandboxMessages().contains { $0.body == "ok behind the backlog" }
        }
        #expect(answered, "serve said: \(serve.text)")
        #expect(timedStop(serve) < 5)
    }

    @Test("SIGTERM exits within 5 s with a handler stuck; restarts never run it more than the attempts allowed")
    func stuckHandlerAcrossRestarts() async throws {
        let p = try MoonwireProcess()
        defer { p.cleanUp() }
        // A call that spins inside Lua's C library, under a budget far longer than the test.
        let plugins = try p.writePlugins([
            "a_stuck.lua": """
                on.keyword("STUCK", function(r)
                  print("stuck handler ran")
                  \(Self.stuckInC)
                end)
                """,
            "b_answer.lua": Self.answering,
        ])
        let environment = ["MOONWIRE_INBOUND_ATTEMPTS": "2"]
        try await inject(p, from: "+33699999997", body: "STUCK")
        for round in 1...2 {
            let serve = try await ServeProcess(p, arguments: ["--plugins", plugins, "--budget", "600"], environment: environment)
            #expect(await serve.waitForOutput(timeout: 30) { $0.contains("stuck handler ran") }, "round \(round): \(serve.text)")
            try await inject(p, from: "+33612345678", body: "round \(round)")  // the other plugin still answers
            #expect(try await p.waitFor { try await $0.sandbox().sandboxMessages().contains { $0.body == "ok round \(round)" } }, "\(serve.text)")
            // The router stops waiting for the stuck number after its grace and says what stays
            // pending; the stop is otherwise clean.
            let stop = timedStopWithStatus(serve)
            #expect(stop.seconds < 5, "round \(round)")
            #expect(stop.status == 0, "round \(round): \(serve.text)")
            #expect(serve.text.contains("still being routed: they stay pending"), "round \(round): \(serve.text)")
        }
        // Two attempts began and never finished: the third start sets it aside without running it.
        let third = try await ServeProcess(p, arguments: ["--plugins", plugins, "--budget", "600"], environment: environment)
        #expect(try await p.waitFor { try await $0.poisonedInbound().count == 1 }, "\(third.text)")
        #expect(!third.text.contains("stuck handler ran"))
        let thirdStop = timedStopWithStatus(third)
        #expect(thirdStop.seconds < 5)
        #expect(thirdStop.status == 0, "nothing was stuck: \(third.text)")
        let listed = try await failed(p)
        #expect(listed.first?["attempts"] as? Int == 2)
        #expect(listed.first?["plugins"] as? [String] == ["a_stuck.lua"])
        #expect((listed.first?["error"] as? String)?.contains("never finished") == true, "\(listed)")
    }
}
