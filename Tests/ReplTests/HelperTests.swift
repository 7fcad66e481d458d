import Engine
import Foundation
import Repl
import SMSCore
import SandboxStore
import Storage
import StoreSQLite
import Testing

@Suite("Operator helpers: plugins(), pending(), inbox(), runs(), advance()")
struct HelperTests {
    @Test("plugins() lists the loaded plugins with their handlers and why one failed")
    func plugins() async throws {
        let t = try ReplTestHost()
        defer { t.cleanUp() }
        _ = try await t.loadPlugins([
            "answer.lua": "on.reply(function(r) end)\non.keyword('INFO', function(r) end)",
            "broken.lua": "this is not lua",
        ])
        let s = try await t.session()
        #expect(await s.eval("plugins()") == nil)
        #expect(t.printed.text.contains("answer.lua               loaded, 2 handlers"))
        #expect(t.printed.text.contains("broken.lua               FAILED: plugins/broken.lua:1: syntax error near 'is'"))
        #expect(await s.eval("#moonwire.plugins(), moonwire.plugins()[2].loaded") == "2\tfalse")
    }

    @Test("pending() shows a marketing send the window deferred; inbox() the last replies, oldest first")
    func pendingAndInbox() async throws {
        let sunday = try Date("2026-11-22T15:00:00+01:00", strategy: .iso8601)
        let t = try ReplTestHost(clock: ManualTimeSource(sunday))
        defer { t.cleanUp() }
        let s = try await t.session()
        #expect(await s.eval("pending()") == nil)
        #expect(t.printed.text == "nothing waiting in the outbox\n")
        t.printed.clear()
        #expect(await s.eval("(sms.send{to = '+33612345678', body = 'Soldes !', class = 'marketing'}).status") == "\"deferred\"")
        _ = await s.evaluate("sms.send{to = '+33612345679', body = 'Votre code : 4242'}")
        #expect(await s.eval("pending()") == nil)
        let lines = t.printed.text.split(separator: "\n")
        #expect(lines.count == 3, "\(t.printed.text)")
        #expect(lines.dropFirst().first?.contains("deferred  2026-11-23 07:00:00 +33612345678     Soldes !") == true, "\(t.printed.text)")
        #expect(lines.last == "1 row")

        let store = t.host.store
        _ = try await store.recordInbound([
            InboundRow(provider: "sandbox", providerID: "r1", from: "+33612345678", to: "ACME", body: "Bonjour", receivedAt: sunday),
            InboundRow(provider: "sandbox", providerID: "r2", from: "+33612345679", to: "ACME", body: "STOP", receivedAt: sunday + 60),
        ], cursor: nil, position: nil)
        t.printed.clear()
        #expect(await s.eval("inbox()") == nil)
        let inbox = t.printed.text.split(separator: "\n")
        #expect(inbox.count == 3)
        #expect(inbox[1].contains("+33612345678     pending  Bonjour"))
        #expect(inbox[2].contains("2026-11-22 14:01:00 +33612345679     pending  STOP"))
        #expect(await s.eval("moonwire.inbox(1)[1].body") == "\"STOP\"")
        #expect(await s.eval("moonwire.outbox{status = 'bogus'}")?.contains("unknown status \"bogus\"") == true)
    }

    @Test("runs() lists live runs even behind many finished ones; runs('all') adds those; advance() fires what falls due")
    func runsAndAdvance() async throws {
        let t = try ReplTestHost()
        defer { t.cleanUp() }
        let s = try await t.session()
        #expect(await s.eval("runs()") == nil)
        #expect(t.printed.text == "no active flow runs\n")
        _ = await s.evaluate("""
            flows.define("nap", function(flow) flow:sleep("1d") flow:send("awake") end)
            flows.define("quick", function(flow) end)
            """)
        #expect(await s.eval("flows.start('nap', '+33612345678')") == "1")
        // More finished runs than flows.list{} returns by default, all newer than the live one.
        #expect(await s.eval("for i = 1, 120 do assert(flows.start('quick', '+3361234' .. string.format('%04d', i))) end") == nil)
        // Runs start in the background: wait until the quick ones are done.
        let deadline = Date().addingTimeInterval(60)
        while try await t.host.store.flowRuns(statuses: [.completed], flow: "quick", phone: nil, limit: 1_000).count < 120,
            Date() < deadline
        {
            try await Task.sleep(for: .milliseconds(20))
        }
        t.printed.clear()
        #expect(await s.eval("runs()") == nil)
        let live = t.printed.text.split(separator: "\n")
        #expect(live.count == 2, "\(t.printed.text)")
        #expect(live.last?.contains("nap              +33612345678     sleeping") == true, "\(t.printed.text)")
        t.printed.clear()
        #expect(await s.eval("runs('all')") == nil)
        #expect(t.printed.text.split(separator: "\n").count == 122, "\(t.printed.text)")
        t.printed.clear()
        #expect(await s.eval("advance('1d')") == nil)
        #expect(t.printed.text.hasPrefix("now "))
        t.printed.clear()
        #expect(await s.eval("runs()") == nil)
        #expect(t.printed.text == "no active flow runs\n")
        #expect(try await t.host.services.sandbox().sandboxMessages(limit: nil).map(\.body) == ["awake"])
    }
}
