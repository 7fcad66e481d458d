import Engine
import Foundation
import Repl
import SMSCore
import Store
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
        ])
        t.printed.clear()
        #expect(await s.eval("inbox()") == nil)
        let inbox = t.printed.text.split(separator: "\n")
        #expect(inbox.count == 3)
        #expect(inbox[1].contains("+33612345678     pending  Bonjour"))
        #expect(inbox[2].contains("2026-11-22 14:01:00 +33612345679     pending  STOP"))
        #expect(await s.eval("moonwire.inbox(1)[1].body") == "\"STOP\"")
        #expect(await s.eval("moonwire.outbox{status = 'bogus'}")?.contains("unknown status \"bogus\"") == true)
    }

    @Test("runs() and advance() say clearly what they need when flows and the virtual clock are absent")
    func missingBindings() async throws {
        let t = try ReplTestHost()
        defer { t.cleanUp() }
        let s = try await t.session()
        if await s.eval("flows") == "nil" {
            #expect(await s.eval("runs()") == "error: runs() needs flows.list, which this build does not have (durable flows are not built yet)")
            #expect(await s.eval("local r = runs()") == "error: stdin:1: runs() needs flows.list, which this build does not have (durable flows are not built yet)")
        }
        if await s.eval("clock.advance") == "nil" {
            #expect(await s.eval("advance('3d')")?.hasPrefix("error: advance() needs clock.advance") == true)
        }
    }
}
