import Foundation
import SandboxStore
import Storage
import StoreSQLite
import Testing

@Suite("moonwire repl with flows: the README walk-through, and runs() through --attach", .serialized, .processSlot)
struct ReplFlowTests {
    /// A plugin directory holding the repository's welcome drip.
    func plugins(_ p: MoonwireProcess) throws -> String {
        let directory = p.directory.appendingPathComponent("plugins")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            at: MoonwireProcess.packageRoot.appendingPathComponent("plugins/welcome_drip.lua"),
            to: directory.appendingPathComponent("welcome_drip.lua"))
        return directory.path
    }

    @Test("the README walk-through: start the drip, advance three days, answer OUI, see the branch taken")
    func walkThrough() async throws {
        let p = try MoonwireProcess()
        defer { p.cleanUp() }
        let t = try PseudoTerminal(
            p, arguments: ["repl", "--serve", "--plugins", try plugins(p)],
            environment: [
                "MOONWIRE_HISTORY": p.directory.appendingPathComponent("history").path,
                "MOONWIRE_NOW": "2026-11-23T10:00:00+01:00",
            ])
        await t.expect("Ctrl-D exits.\n")
        await t.expect("> ")
        t.send("flows.start(\"welcome_drip\", \"+33612345678\", {first_name = \"Ana\"})\r")
        await t.expect("\n1\n> ")
        #expect(try await p.waitFor { try await $0.sandbox().sandboxMessages().count == 1 })
        // The welcome goes out before the run records its sleep: wait for the sleep, not the send.
        #expect(try await p.waitFor { try await $0.flowRuns(statuses: [.sleeping], limit: 10).count == 1 })
        t.send("runs()\r")
        await t.expect("welcome_drip")
        await t.expect("+33612345678")
        await t.expect("sleeping")
        await t.expect("2026-11-26 09:00:00")  // woken three days later
        await t.expect("> ")
        t.send("advance(\"3d\")\r")
        await t.expect("now 2026-11-26 09:00:00 UTC")
        await t.expect("> ")
        #expect(try await p.waitFor { try await $0.sandbox().sandboxMessages().count == 2 })
        t.send("sandbox.reply{from = \"+33612345678\", body = \"oui !\"}\r")
        await t.expect("> ")
        let answered = try await p.waitFor { try await $0.sandbox().sandboxMessages().count == 3 }
        #expect(answered)
        t.send("runs(\"all\")\r")
        await t.expect("completed")
        await t.expect("> ")
        t.send("\u{04}")
        #expect(await t.waitForExit() == 0)
        let sent = try await p.sent(to: "+33612345678")
        #expect(
            sent.map(\.body) == [
                "Bienvenue chez ACME, Ana ! Répondez STOP pour ne plus recevoir nos SMS.",
                "Votre première commande vous a-t-elle plu ? Répondez OUI ou NON.",
                "Merci ! Voici 10 % sur votre prochaine commande : BIENVENUE10",
            ])
        // Sent on the virtual clock: at the start, then three days later.
        let start = try Date("2026-11-23T09:00:00Z", strategy: .iso8601)
        #expect(sent.map(\.createdAt) == [start, start + 3 * 86_400, start + 3 * 86_400])
    }

    @Test("--attach: runs() lists the runs serve holds, and a flow started from the session is run by serve")
    func attached() async throws {
        let p = try MoonwireProcess()
        defer { p.cleanUp() }
        let serve = try await ServeProcess(p, arguments: ["--plugins", try plugins(p)])
        defer { serve.stop() }
        // One run started by serve itself, from the plugin's keyword.
        #expect(try await p.run(["sandbox", "reply", "--from", "+33612345679", "ESSAI"]).status == 0)
        #expect(try await p.waitFor { try await $0.sandbox().sandboxMessages().count == 1 }, "serve said: \(serve.text)")
        // The welcome is committed before the sleep that follows it: wait for the sleep too.
        #expect(try await p.waitFor { try await $0.flowRuns(statuses: [.sleeping]).count == 1 }, "serve said: \(serve.text)")
        let session = try await p.run(
            ["repl", "--attach"],
            stdin: """
                flows.start("welcome_drip", "+33612345678", {first_name = "Léa"})
                runs()
                """)
        #expect(session.status == 0, "stderr: \(session.stderr)")
        #expect(session.stdout.hasPrefix("2\n"), "stdout: \(session.stdout)")
        let lines = session.stdout.split(separator: "\n").filter { $0.contains("welcome_drip") }
        #expect(lines.count == 2, "stdout: \(session.stdout)")
        #expect(lines.contains { $0.contains("+33612345679") && $0.contains("sleeping") })
        #expect(lines.contains { $0.contains("+33612345678") })
        // serve runs the session's flow: its welcome goes out, from serve.
        #expect(try await p.waitFor { try await $0.sandbox().sandboxMessages().count == 2 })
        #expect(
            try await p.sent(to: "+33612345678").map(\.body) == [
                "Bienvenue chez ACME, Léa ! Répondez STOP pour ne plus recevoir nos SMS."
            ])
    }
}
