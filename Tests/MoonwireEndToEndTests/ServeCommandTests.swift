import Foundation
import SandboxStore
import Storage
import StoreSQLite
import Testing

@Suite("moonwire serve, end to end on the sandbox", .serialized, .processSlot)
struct ServeCommandTests {
    static let responder = """
        on.keyword({"INFO", "HORAIRES"}, function(r)
          assert(r:reply("Ouvert du lundi au samedi, 9h-19h."))
        end)
        on.reply(function(r)
          assert(r:reply("Merci, nous revenons vers vous."))
        end)
        """

    @Test("a keyword reply injected from another process gets the plugin's answer; others get the catch-all")
    func keyword() async throws {
        let p = try MoonwireProcess()
        defer { p.cleanUp() }
        let plugins = try p.writePlugins(["responder.lua": Self.responder])
        let serve = try await ServeProcess(p, arguments: ["--plugins", plugins])
        defer { serve.stop() }
        #expect(try await p.run(["sandbox", "reply", "--from", "06 12 34 56 78", "horaires ?"]).status == 0)
        #expect(try await p.run(["sandbox", "reply", "--from", "+33612345679", "Bonjour"]).status == 0)
        let answered = try await p.waitFor { try await $0.sandbox().sandboxMessages().count == 2 }
        #expect(answered, "serve said: \(serve.text)")
        #expect(try await p.sent(to: "+33612345678").map(\.body) == ["Ouvert du lundi au samedi, 9h-19h."])
        #expect(try await p.sent(to: "+33612345679").map(\.body) == ["Merci, nous revenons vers vous."])
        #expect(serve.text.contains("plugin responder.lua loaded (2 handlers)"))
    }

    @Test("STOP: one confirmation, later sends refused with opted_out; START re-subscribes")
    func stopAndStart() async throws {
        let p = try MoonwireProcess()
        defer { p.cleanUp() }
        let plugins = try p.writePlugins(["responder.lua": Self.responder])
        let serve = try await ServeProcess(p, arguments: ["--plugins", plugins])
        defer { serve.stop() }
        let number = "+33612345678"
        _ = try await p.run(["sandbox", "reply", "--from", number, "STOP"])
        _ = try await p.run(["sandbox", "reply", "--from", number, "Arrêt !"])  // a second opt-out: no second confirmation
        #expect(try await p.waitFor { store in try await store.inboundCounts().handled == 2 })
        let afterStop = try await p.sent(to: number)
        #expect(afterStop.count == 1)
        #expect(afterStop.first?.body.contains("START") == true)

        let refused = try await p.run(["send", "--to", number, "--body", "Promo !"])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("opted_out"), "stderr: \(refused.stderr)")
        // A script's send is refused the same way, as nil, err.
        let script = try p.script("send.lua", """
            local m, err = sms.send{to = "\(number)", body = "Hello"}
            print(m, err.code)
            """)
        #expect(try await p.run(["run", script]).stdout == "nil\topted_out\n")

        _ = try await p.run(["sandbox", "reply", "--from", number, "start"])
        #expect(try await p.waitFor { store in try await store.inboundCounts().handled == 3 })
        #expect(try await p.run(["send", "--to", number, "--body", "Welcome back"]).status == 0)
        #expect(try await p.sent(to: number).map(\.body).last == "Welcome back")
        #expect(try await p.sent(to: number).count == 3)  // STOP confirmation, START confirmation, the send
    }

    @Test("on a Sunday a marketing send is deferred to Monday 08:00 Paris and sent exactly then; a transactional one goes at once")
    func sendWindow() async throws {
        let p = try MoonwireProcess()
        defer { p.cleanUp() }
        var sunday = p
        sunday.environment["MOONWIRE_NOW"] = "2026-11-22T15:00:00+01:00"  // where the virtual clock starts
        let marketing = try await sunday.run(["send", "--to", "+33612345678", "--body", "Soldes !", "--class", "marketing", "--json"])
        #expect(marketing.status == 0, "stderr: \(marketing.stderr)")
        #expect(marketing.stdout.contains("\"status\":\"deferred\""))
        #expect(marketing.stdout.contains("\"send_at\":\"2026-11-23T07:00:00Z\""), "stdout: \(marketing.stdout)")
        let transactional = try await sunday.run(["send", "--to", "+33612345679", "--body", "Votre code : 4242"])
        #expect(transactional.status == 0 && transactional.stdout.contains("accepted"))
        #expect(try await p.sent(to: "+33612345678").isEmpty)

        // The sandbox's clock is virtual: serve keeps the send waiting while it stands still...
        let plugins = try p.writePlugins([:])
        let serve = try await ServeProcess(p, arguments: ["--plugins", plugins])
        defer { serve.stop() }
        #expect(try await p.run(["sandbox", "clock", "advance", "16h"]).stdout.hasPrefix("2026-11-23T06:00:00Z"))
        #expect(try await p.run(["sandbox", "clock", "advance", "59m59s"]).status == 0)  // Monday 07:59:59 Paris
        #expect(try await p.sent(to: "+33612345678").isEmpty)

        // ...and sends it when the clock reaches Monday 08:00 Paris, at that very instant.
        let opening = try await p.run(["sandbox", "clock", "advance", "1s"])
        #expect(opening.stdout.hasPrefix("2026-11-23T07:00:00Z"), "\(opening.stdout) \(opening.stderr)")
        let sent = try await p.sent(to: "+33612345678")
        #expect(sent.map(\.body) == ["Soldes !"])
        #expect(sent.first?.createdAt == (try Date("2026-11-23T07:00:00Z", strategy: .iso8601)))
    }

    @Test("a plugin with a syntax error and one that loops forever do not stop the others")
    func badPlugins() async throws {
        let p = try MoonwireProcess()
        defer { p.cleanUp() }
        let plugins = try p.writePlugins([
            "a_broken.lua": "on.reply(function(r)\n  r:reply('x'\nend)\n",
            "b_loops.lua": "while true do end\n",
            "c_handler_loops.lua": "on.keyword('SPIN', function(r) while true do end end)\n",
            "d_responder.lua": Self.responder,
        ])
        let serve = try await ServeProcess(p, arguments: ["--plugins", plugins, "--budget", "0.5"])
        defer { serve.stop() }
        #expect(serve.text.contains("plugin a_broken.lua failed to load: plugins/a_broken.lua:3:"), "\(serve.text)")
        #expect(serve.text.contains("plugin b_loops.lua failed to load: plugins/b_loops.lua:1:"), "\(serve.text)")
        #expect(serve.text.contains("plugin d_responder.lua loaded (2 handlers)"))
        _ = try await p.run(["sandbox", "reply", "--from", "+33612345678", "spin"])
        _ = try await p.run(["sandbox", "reply", "--from", "+33612345679", "INFO"])
        // The spinning handler is stopped at its budget on each of 3 attempts, then its message is
        // set aside (`moonwire inbound failed`); the other is answered.
        #expect(try await p.waitFor { store in try await store.inboundCounts().handled == 1 })
        #expect(try await p.waitFor { store in try await store.poisonedInbound().map(\.from) == ["+33612345678"] })
        #expect(try await p.sent(to: "+33612345679").count == 1)
        #expect(try await p.sent(to: "+33612345678").isEmpty)
        #expect(await serve.waitForOutput(timeout: 5) { $0.contains("c_handler_loops.lua handler registered at") }, "\(serve.text)")
    }

    @Test("kill -9 while 1,000 replies are answered, then a restart: each reply answered exactly once")
    func crashExactlyOnce() async throws {
        let p = try MoonwireProcess()
        defer { p.cleanUp() }
        let count = 1000
        let inject = try p.script("inject.lua", """
            for i = 1, \(count) do
              assert(sandbox.reply{from = string.format("+336%08d", i), body = "bonjour"})
            end
            """)
        let injected = try await p.run(["run", inject])
        #expect(injected.status == 0, "stderr: \(injected.stderr)")
        let plugins = try p.writePlugins(["responder.lua": Self.responder])
        let first = try await ServeProcess(p, arguments: ["--plugins", plugins])
        // Killed with the test holding the database's write lock once 100 answers are stored, so
        // it cannot answer the rest between the look and the kill.
        #expect(try await first.kill(database: p.environment["MOONWIRE_DB"]!, onceSandboxHolds: 100))
        let before = try await p.store().sandbox().sandboxMessages().count
        #expect(before < count, "the crash came after every reply was answered; nothing was tested")

        let second = try await ServeProcess(p, arguments: ["--plugins", plugins])
        defer { second.stop() }
        // Every reply routed, and the sends the kill left `sending` (recovered to the queue at the
        // restart: a second routing finds their keys queued) sent by the dispatcher after it.
        let settled = try await p.waitFor(timeout: 180) { store in
            let pending = try await store.inboundCounts().pending
            let sent = try await store.sandbox().sandboxMessages().count
            return pending == 0 && sent >= count
        }
        #expect(settled)
        let messages = try await p.store().sandbox().sandboxMessages()
        let perNumber = Dictionary(grouping: messages, by: \.to)
        #expect(messages.count == count)
        #expect(perNumber.count == count)
        #expect(perNumber.values.allSatisfy { $0.count == 1 })
    }

    @Test("the same auto-responder against sandbox serve's Conexteo emulation: replies polled, answers sent over HTTP")
    func conexteo() async throws {
        let provider = try MoonwireProcess()  // sandbox serve, with its own database
        let engine = try MoonwireProcess()  // moonwire serve talking HTTP to it
        defer {
            provider.cleanUp()
            engine.cleanUp()
        }
        let server = try await ServeProcess(
            provider, command: ["sandbox", "serve"], arguments: ["--port", "0"], ready: "Faults:")
        defer { server.stop() }
        let base = try #require(server.text.split(separator: "\n").first { $0.contains("Conexteo:") }?
            .split(separator: " ").last.map(String.init))
        let plugins = try engine.writePlugins(["responder.lua": Self.responder])
        let serve = try await ServeProcess(
            engine, arguments: ["--plugins", plugins],
            environment: [
                "MOONWIRE_PROVIDER": "conexteo", "CONEXTEO_API_KEY": "sandbox", "CONEXTEO_BASE_URL": base,
                "MOONWIRE_CONEXTEO_POLL": "0.2",
            ])
        defer { serve.stop() }
        #expect(try await provider.run(["sandbox", "reply", "--from", "+33612345678", "Horaires"]).status == 0)
        #expect(try await provider.run(["sandbox", "reply", "--from", "+33612345679", "STOP"]).status == 0)
        let answered = try await provider.waitFor { try await $0.sandbox().sandboxMessages().count == 2 }
        #expect(answered, "serve said: \(serve.text)")
        #expect(try await provider.sent(to: "+33612345678").map(\.body) == ["Ouvert du lundi au samedi, 9h-19h."])
        #expect(try await provider.sent(to: "+33612345679").first?.body.contains("START") == true)
        // The engine stored each reply once, under Conexteo's ids, and kept its own outbox.
        #expect(try await engine.waitFor { try await $0.inboundCounts().handled == 2 })
        #expect(try await engine.store().outboxCounts()[.sent] == 2)
        #expect(try await engine.store().isStopped("+33612345679"))
        // ...and on Conexteo's own stop list.
        #expect(try await provider.waitFor { try await $0.sandbox().sandboxStop(recipient: "+33612345679") != nil })
        // START takes the number off both lists.
        #expect(try await provider.run(["sandbox", "reply", "--from", "+33612345679", "START"]).status == 0)
        #expect(try await provider.waitFor { try await $0.sandbox().sandboxStop(recipient: "+33612345679") == nil })
        #expect(try await engine.waitFor { try await !$0.isStopped("+33612345679") })
    }
}
