import Engine
import Foundation
import LuaKit
import SMSCore
import SandboxStore
import Storage
import StoreSQLite
import Testing

@Suite("Flows: replays do nothing twice, cancels stop queued sends, timeouts start with the question")
struct FlowReviewTests {
    static let phone = "+33612345678"

    @Test("flows.start and flows.cancel raise inside a flow (a replay would do them again)")
    func noRunControlInsideFlows() async throws {
        let h = try await FlowHarness(plugins: [
            "parent.lua": """
                flows.define("child", function(flow) flow:send("child") end)
                flows.define("parent", function(flow)
                  local ok, err = pcall(flows.start, "child", "+33612345679")
                  flow:send(ok and "started" or tostring(err):match("flows.start cannot be called inside a flow") and "refused" or tostring(err))
                  flow:sleep("1d")
                end)
                """
        ])
        defer { h.cleanUp() }
        try await h.start("parent", Self.phone)
        try await h.advance("2d")
        #expect(try await h.sent(to: Self.phone).map(\.body) == ["refused"])
        #expect(try await h.sent(to: "+33612345679").isEmpty)
    }

    @Test("an old version loaded again to replay its runs changes nothing it set at its top level")
    func replayLoadIsInert() async throws {
        func plugin(_ version: String) -> String {
            """
            assert(templates.create{ name = "hello", body = "\(version) hello" })
            policy.set{ stop_confirmation = "\(version) bye" }
            flows.define("drip", function(flow) flow:sleep("1d") flow:send("\(version) done") end)
            """
        }
        let h = try await FlowHarness(plugins: ["drip.lua": plugin("v1")])
        defer { h.cleanUp() }
        let old = try FlowHarness.id(try await h.start("drip", Self.phone))
        let directory = h.test.directory.appendingPathComponent("plugins")
        try plugin("v2").write(to: directory.appendingPathComponent("drip.lua"), atomically: true, encoding: .utf8)
        let restarted = try TestHost(directory: h.test.directory)
        #expect(await restarted.host.loadPlugins(from: directory.path).allSatisfy { $0.loaded })
        _ = try await restarted.host.flows.advanceClock(by: .seconds(2 * 86_400))  // the v1 run replays
        #expect(try await restarted.host.store.flowRun(id: old)?.status == .completed)
        #expect(try await h.sent(to: Self.phone).map(\.body) == ["v1 done"])
        #expect(try await restarted.host.store.template("hello")?.body == "v2 hello")
        #expect(restarted.host.services.policy.stopConfirmation == "v2 bye")
    }

    @Test("a cancelled run's send still held by the window does not go out when it opens")
    func cancelStopsQueuedSends() async throws {
        let h = try await FlowHarness(
            plugins: ["promo.lua": #"flows.define("promo", function(flow) flow:send("promo", { class = "marketing" }) flow:sleep("2d") end)"#],
            start: "2026-11-22T15:00:00+01:00")  // a Sunday: the promo is held until Monday 08:00
        defer { h.cleanUp() }
        let id = try FlowHarness.id(try await h.start("promo", Self.phone))
        #expect(try await h.store.cancelFlowRun(id: id, now: h.host.clock.now()) == true)
        try await h.advance("1d")
        #expect(try await h.sent(to: Self.phone).isEmpty)
        #expect(try await h.store.outboxRows().map(\.errorCode) == ["cancelled"])
    }

    @Test("a question held by the send window starts its timeout when it goes out")
    func timeoutFromTheSend() async throws {
        let h = try await FlowHarness(
            plugins: [
                "ask.lua": """
                    flows.define("ask", function(flow)
                      local answer = flow:ask("Une question ?", { timeout = "1h", class = "marketing" })
                      flow:send(answer and "merci" or "pas de réponse")
                    end)
                    """
            ],
            start: "2026-11-21T20:30:00+01:00")  // Saturday after 20:00: held until Monday 08:00
        defer { h.cleanUp() }
        try await h.start("ask", Self.phone)
        try await h.advance("2d")  // Monday 20:30
        let sent = try await h.sent(to: Self.phone)
        #expect(sent.map(\.body) == ["Une question ?", "pas de réponse"])
        let monday8 = try Date("2026-11-23T08:00:00+01:00", strategy: .iso8601)
        #expect(sent.map(\.createdAt) == [monday8, monday8 + 3600])
    }
}
