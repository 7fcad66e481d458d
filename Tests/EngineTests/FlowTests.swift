import Engine
import Foundation
import LuaKit
import SMSCore
import SandboxStore
import Storage
import StoreSQLite
import Testing

@Suite("durable flows: journal replay, determinism, waits, cancellation")
struct FlowTests {
    static let phone = "+33612345678"

    @Test("a reply taken by a waiting flow never reaches the keyword handlers; once the flow is done, it does")
    func waitBeforeKeywords() async throws {
        let h = try await FlowHarness(plugins: [
            "a.lua": """
                flows.define("poll", function(flow)
                  local answer = flow:ask("OUI ou NON ?", {timeout = "1h"})
                  flow:send("flow got " .. (answer and answer:word() or "nothing"))
                end)
                on.keyword("OUI", function(r) r:reply("keyword got OUI") end)
                """
        ])
        defer { h.cleanUp() }
        let id = try FlowHarness.id(try await h.start("poll", Self.phone))
        try await h.reply(from: Self.phone, "Oui")
        try await h.reply(from: Self.phone, "oui")
        #expect(try await h.sent(to: Self.phone).map(\.body) == ["OUI ou NON ?", "flow got OUI", "keyword got OUI"])
        #expect(try await h.run(id).status == .completed)
    }

    @Test("flow:now, flow:random and the reply are journaled: a replay a day later gets the same values")
    func journaledValues() async throws {
        let h = try await FlowHarness(plugins: [
            "a.lua": """
                flows.define("values", function(flow)
                  local t, r = flow:now(), flow:random(1, 1000000)
                  flow:sleep("1d")
                  flow:send(string.format("%.0f %d", t, r))
                  flow:sleep("1d")
                  flow:send(string.format("%.0f %d %.0f", t, r, flow:now()))
                end)
                """
        ])
        defer { h.cleanUp() }
        let id = try FlowHarness.id(try await h.start("values", Self.phone))
        try await h.advance("3d")
        let bodies = try await h.sent(to: Self.phone).map(\.body)
        let start = Int(FlowHarness.at("2026-11-23T09:00:00Z").timeIntervalSince1970)
        #expect(bodies.count == 2)
        let first = bodies.first?.split(separator: " ").map(String.init) ?? []
        #expect(first.first == String(start))
        #expect(bodies.last == first.joined(separator: " ") + " \(start + 2 * 86400)")
        #expect(try await h.run(id).status == .completed)
    }

    @Test("a replay that takes another path stops the run with a non-determinism error naming the step")
    func nonDeterminism() async throws {
        let h = try await FlowHarness(plugins: [
            "a.lua": """
                mode = "send"
                flows.define("fickle", function(flow)
                  if mode == "send" then flow:send("A") else flow:sleep("1h") end
                  flow:sleep("1d")
                  flow:send("done")
                end)
                on.keyword("FLIP", function() mode = "sleep" end)
                """
        ])
        defer { h.cleanUp() }
        let id = try FlowHarness.id(try await h.start("fickle", Self.phone))
        try await h.reply(from: Self.phone, "FLIP")
        try await h.advance("2d")
        let run = try await h.run(id)
        #expect(run.status == .failed)
        #expect(run.errorCode == "non_deterministic")
        #expect(run.error?.contains("step 1") == true, "\(run.error ?? "")")
        #expect(run.error?.contains("flow:send(\"A\")") == true)
        #expect(run.error?.contains("flow:sleep(\"1h\")") == true)
        #expect(try await h.sent(to: Self.phone).map(\.body) == ["A"])
    }

    @Test("os.time(), os.clock() and math.random raise inside a flow, naming flow:now() or flow:random(); outside they work")
    func clockAndChanceRaise() async throws {
        let h = try await FlowHarness(plugins: [
            "a.lua": """
                flows.define("t", function(flow) local x = os.time() flow:send("never") end)
                flows.define("c", function(flow) local x = os.clock() flow:send("never") end)
                flows.define("r", function(flow) local x = math.random(6) flow:send("never") end)
                flows.define("ok", function(flow) flow:send(os.date("!%Y", 0) .. " " .. os.time{year = 2026, month = 1, day = 1, hour = 12}) end)
                on.keyword("TIME", function(r) r:reply(math.type(os.time()) .. " " .. math.type(math.random(6))) end)
                """
        ])
        defer { h.cleanUp() }
        let t = try FlowHarness.id(try await h.start("t", Self.phone))
        let c = try FlowHarness.id(try await h.start("c", Self.phone))
        let r = try FlowHarness.id(try await h.start("r", Self.phone))
        let ok = try FlowHarness.id(try await h.start("ok", Self.phone))
        for (id, what, instead) in [(t, "os.time()", "flow:now()"), (c, "os.clock()", "flow:now()"), (r, "math.random", "flow:random")] {
            let run = try await h.run(id)
            #expect(run.status == .failed)
            #expect(run.error?.contains("\(what) cannot be used inside a flow") == true, "\(run.error ?? "")")
            #expect(run.error?.contains(instead) == true)
            #expect(run.error?.contains("plugins/a.lua:") == true, "the error points at the flow's line: \(run.error ?? "")")
        }
        #expect(try await h.run(ok).status == .completed)
        try await h.reply(from: Self.phone, "TIME")
        #expect(try await h.sent(to: Self.phone).map(\.body) == ["1970 \(osTime2026())", "integer integer"])
    }

    @Test("inside a coroutine a flow resumes, math.random still raises; a handler running while a flow sleeps draws freely")
    func guardsFollowTheRunNotTheState() async throws {
        let h = try await FlowHarness(plugins: [
            "a.lua": """
                flows.define("nested", function(flow)
                  local roll = coroutine.wrap(function() return math.random(6) end)
                  flow:send("rolled " .. roll())
                end)
                flows.define("sleeper", function(flow) flow:sleep("1d") flow:send("awake") end)
                on.keyword("DICE", function(r) r:reply(math.type(math.random(6))) end)
                """
        ])
        defer { h.cleanUp() }
        let nested = try FlowHarness.id(try await h.start("nested", Self.phone))
        let run = try await h.run(nested)
        #expect(run.status == .failed)
        #expect(run.error?.contains("math.random cannot be used inside a flow") == true, "\(run.error ?? "")")
        let sleeper = try FlowHarness.id(try await h.start("sleeper", Self.phone))
        #expect(try await h.run(sleeper).status == .sleeping)
        try await h.reply(from: Self.phone, "DICE")
        #expect(try await h.sent(to: Self.phone).map(\.body) == ["integer"])
    }

    /// What os.time{year = 2026, month = 1, day = 1, hour = 12} gives in this process's zone.
    func osTime2026() -> Int {
        var components = DateComponents(year: 2026, month: 1, day: 1, hour: 12)
        components.timeZone = TimeZone.current
        return Int(Calendar(identifier: .gregorian).date(from: components)!.timeIntervalSince1970)
    }

    @Test("a second run of a flow for the same number is refused unless allow_parallel")
    func parallel() async throws {
        let h = try await FlowHarness(plugins: [
            "a.lua": """
                flows.define("drip", function(flow) flow:sleep("1d") end)
                on.keyword("GO", function(r)
                  local id, err = flows.start("drip", r.from)
                  local again, err2 = flows.start("drip", r.from)
                  local third = flows.start("drip", r.from, {}, {allow_parallel = true})
                  r:reply(string.format("%s %s %s %s %s", type(id), tostring(again), err2.code, tostring(err2.run_id == id), type(third)))
                end)
                """
        ])
        defer { h.cleanUp() }
        try await h.reply(from: Self.phone, "GO")
        #expect(try await h.sent(to: Self.phone).map(\.body) == ["number nil already_running true number"])
        guard case .refused(let existing) = try await h.start("drip", Self.phone) else {
            Issue.record("a third exclusive start was not refused")
            return
        }
        #expect(existing.status == .sleeping)
        #expect(try await h.store.flowRuns(flow: "drip").count == 2)
    }

    @Test("flows.cancel stops a sleeping run for good; cancelling again says false; an unknown id is nil, err")
    func cancel() async throws {
        let h = try await FlowHarness(plugins: [
            "a.lua": """
                flows.define("drip", function(flow) flow:send("one") flow:sleep("1d") flow:send("two") end)
                on.keyword("ABORT", function(r)
                  local runs = flows.list{status = "sleeping", phone = r.from}
                  local first = flows.cancel(runs[1].id)
                  local second = flows.cancel(runs[1].id)
                  local none, err = flows.cancel(999)
                  r:reply(string.format("%d %s %s %s %s", #runs, tostring(first), tostring(second), tostring(none), err.code))
                end)
                """
        ])
        defer { h.cleanUp() }
        let id = try FlowHarness.id(try await h.start("drip", Self.phone))
        try await h.reply(from: Self.phone, "ABORT")
        try await h.advance("2d")
        #expect(try await h.sent(to: Self.phone).map(\.body) == ["one", "1 true false nil not_found"])
        #expect(try await h.run(id).status == .cancelled)
    }

    @Test("flows.get returns the run with its journal; flows.list filters by status")
    func inspect() async throws {
        let h = try await FlowHarness(plugins: [
            "a.lua": """
                flows.define("drip", function(flow) flow:send("Bonjour {{first_name}}") flow:sleep("1d") end)
                on.keyword("SHOW", function(r)
                  local run = flows.get(flows.list{flow = "drip"}[1].id)
                  local j = run.journal
                  r:reply(table.concat({run.status, run.phone, #j, j[1].kind, j[1].args, j[1].result.values[1].status,
                    j[2].kind, j[2].due_at, run.next_wake, tostring(flows.get(424242))}, " "))
                end)
                """
        ])
        defer { h.cleanUp() }
        var vars = LuaTable()
        vars["first_name"] = .text("Ana")
        try await h.start("drip", Self.phone, vars: vars)
        try await h.reply(from: Self.phone, "SHOW")
        #expect(
            try await h.sent(to: Self.phone).map(\.body) == [
                "Bonjour Ana",
                "sleeping +33612345678 2 send Bonjour {{first_name}} accepted sleep 2026-11-24T09:00:00Z 2026-11-24T09:00:00Z nil",
            ])
    }

    @Test("a host opened later on the same database resumes the runs from their journal and sends nothing twice")
    func resumeInAnotherHost() async throws {
        let first = try await FlowHarness(plugins: ["welcome_drip.lua": try FlowHarness.welcomeDrip])
        defer { first.cleanUp() }
        let id = try FlowHarness.id(try await first.start("welcome_drip", Self.phone))
        try await first.advance("3d")
        // Another process (a restart) takes over the same database and plugins.
        let second = try TestHost(directory: first.test.directory)
        let statuses = await second.host.loadPlugins(from: first.test.directory.appendingPathComponent("plugins").path)
        #expect(statuses.allSatisfy { $0.loaded })
        let daemon = await Daemon(host: second.host)
        _ = try await second.host.services.sandbox().insertSandboxReply(
            SandboxReply(id: SandboxReply.makeID(), from: Self.phone, to: "MOONWIRE", body: "NON", receivedAt: second.host.clock.now()))
        await daemon.routeWaiting()
        await second.host.flows.idle()
        #expect(
            try await first.sent(to: Self.phone).map(\.body) == [
                WelcomeDripTests.welcome, WelcomeDripTests.question, WelcomeDripTests.no,
            ])
        #expect(try await second.host.store.flowRun(id: id)?.status == .completed)
    }
}

@Suite("flow versions: runs are pinned to the source they started with")
struct FlowVersionTests {
    static let phone = "+33612345678"

    static func plugin(_ version: String) -> String {
        """
        flows.define("drip", function(flow)
          flow:send("\(version) first")
          flow:sleep("1d")
          flow:send("\(version) second")
        end)
        """
    }

    @Test("after an edit, a restarted host replays old runs with their own version (from the stored source) and starts new runs with the new one")
    func pinned() async throws {
        let h = try await FlowHarness(plugins: ["drip.lua": Self.plugin("v1")])
        defer { h.cleanUp() }
        let old = try FlowHarness.id(try await h.start("drip", Self.phone))
        let directory = h.test.directory.appendingPathComponent("plugins")
        try Self.plugin("v2").write(to: directory.appendingPathComponent("drip.lua"), atomically: true, encoding: .utf8)

        let restarted = try TestHost(directory: h.test.directory)
        #expect(await restarted.host.loadPlugins(from: directory.path).allSatisfy { $0.loaded })
        let new = try #require(
            try await restarted.host.flows.start(flow: "drip", phone: "+33612345679").runID)
        await restarted.host.flows.idle()
        _ = try await restarted.host.flows.advanceClock(by: .seconds(86_400))
        #expect(try await h.sent(to: Self.phone).map(\.body) == ["v1 first", "v1 second"])
        #expect(try await h.sent(to: "+33612345679").map(\.body) == ["v2 first", "v2 second"])
        #expect(try await restarted.host.store.flowRun(id: old)?.status == .completed)
        #expect(try await restarted.host.store.flowRun(id: new)?.status == .completed)
    }

    @Test("a reload (SIGHUP) keeps the old version in memory for the runs pinned to it")
    func reload() async throws {
        let h = try await FlowHarness(plugins: ["drip.lua": Self.plugin("v1")])
        defer { h.cleanUp() }
        try await h.start("drip", Self.phone)
        let directory = h.test.directory.appendingPathComponent("plugins")
        try Self.plugin("v2").write(to: directory.appendingPathComponent("drip.lua"), atomically: true, encoding: .utf8)
        #expect(await h.host.loadPlugins(from: directory.path).allSatisfy { $0.loaded })
        try await h.start("drip", "+33612345679")
        try await h.advance("1d")
        #expect(try await h.sent(to: Self.phone).map(\.body) == ["v1 first", "v1 second"])
        #expect(try await h.sent(to: "+33612345679").map(\.body) == ["v2 first", "v2 second"])
    }
}

extension FlowEngine.StartOutcome {
    /// The id of a run that started.
    var runID: Int64? {
        if case .started(let id) = self { return id }
        return nil
    }
}
