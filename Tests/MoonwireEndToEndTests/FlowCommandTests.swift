import Foundation
import SandboxStore
import Storage
import StoreSQLite
import Testing

@Suite("moonwire flows and sandbox clock, end to end with serve", .serialized, .processSlot)
struct FlowCommandTests {
    static let phone = "+33612345678"

    func plugins(_ p: MoonwireProcess) throws -> String {
        let directory = p.directory.appendingPathComponent("plugins")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let source = try String(
            contentsOf: MoonwireProcess.packageRoot.appendingPathComponent("plugins/welcome_drip.lua"), encoding: .utf8)
        try source.write(to: directory.appendingPathComponent("welcome_drip.lua"), atomically: true, encoding: .utf8)
        return directory.path
    }

    @Test("start from the CLI, list, show, advance the clock, answer, cancel; refusals say why")
    func commands() async throws {
        var p = try MoonwireProcess()
        defer { p.cleanUp() }
        p.environment["MOONWIRE_NOW"] = "2026-11-23T10:00:00+01:00"
        let plugins = try plugins(p)
        let serve = try await ServeProcess(p, arguments: ["--plugins", plugins])
        defer { serve.stop() }
        #expect(serve.text.contains("plugin welcome_drip.lua loaded (1 handler, flows: welcome_drip)"), "\(serve.text)")

        let started = try await p.run(["flows", "start", "welcome_drip", "06 12 34 56 78", "--var", "first_name=Ana"])
        #expect(started.status == 0, "\(started.stderr)")
        let id = started.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(Int(id) != nil)
        #expect(try await p.waitFor { try await $0.flowRuns(statuses: [.sleeping]).count == 1 })
        #expect(try await p.sent(to: Self.phone).map(\.body) == ["Bienvenue chez ACME, Ana ! Répondez STOP pour ne plus recevoir nos SMS."])

        let again = try await p.run(["flows", "start", "welcome_drip", "+33612345678"])
        #expect(again.status == 1)
        #expect(again.stderr.contains("already runs for +33612345678 (run \(id), sleeping)"), "\(again.stderr)")
        let unknown = try await p.run(["flows", "start", "nope", "+33612345678"])
        #expect(unknown.status == 1 && unknown.stderr.contains("no flow named 'nope' is defined (defined: welcome_drip)"))

        let list = try await p.run(["flows", "list"])
        #expect(list.stdout.contains("welcome_drip  +33612345678  sleeping  2026-11-26T09:00:00Z"), "\(list.stdout)")
        let json = try await p.run(["flows", "list", "--status", "sleeping", "--json"])
        let runs = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        #expect(runs.count == 1)
        #expect(runs.first?["next_wake"] as? String == "2026-11-26T09:00:00Z")
        #expect((runs.first?["vars"] as? [String: Any])?["first_name"] as? String == "Ana")

        let show = try await p.run(["flows", "show", id])
        #expect(show.stdout.contains("flow welcome_drip for +33612345678, sleeping"), "\(show.stdout)")
        #expect(show.stdout.contains("wakes up 2026-11-26T09:00:00Z"))
        #expect(show.stdout.contains("sleep \"3d\" (until 2026-11-26T09:00:00Z) -> (waiting)"), "\(show.stdout)")

        #expect(try await p.run(["sandbox", "clock", "show"]).stdout.hasPrefix("2026-11-23T09:00:00Z (Monday 23 November 2026 10:00:00 Europe/Paris)"))
        let advanced = try await p.run(["sandbox", "clock", "advance", "3d"])
        #expect(advanced.stdout.hasPrefix("2026-11-26T09:00:00Z"), "\(advanced.stdout) \(advanced.stderr)")
        #expect(try await p.sent(to: Self.phone).count == 2)
        #expect(try await p.run(["flows", "show", id]).stdout.contains("waits for a reply from +33612345678 at step 3, until 2026-11-27T09:00:00Z"))

        #expect(try await p.run(["sandbox", "reply", "--from", "0612345678", "OUI !"]).status == 0)
        #expect(try await p.waitFor { try await $0.flowRuns(statuses: [.completed]).count == 1 })
        #expect(try await p.sent(to: Self.phone).last?.body == "Merci ! Voici 10 % sur votre prochaine commande : BIENVENUE10")

        let second = try await p.run(["flows", "start", "welcome_drip", "+33612345679"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(try await p.waitFor { try await $0.flowRuns(statuses: [.sleeping]).count == 1 })
        #expect(try await p.run(["flows", "cancel", second]).stdout == "run \(second) cancelled\n")
        #expect(try await p.run(["flows", "cancel", second]).stdout.contains("already over (cancelled)"))
        #expect(try await p.run(["flows", "cancel", "999"]).status == 1)
        #expect(try await p.run(["sandbox", "clock", "advance", "4d"]).status == 0)
        #expect(try await p.sent(to: "+33612345679").count == 1)
    }

    @Test("flows start --numbers: a run per number of the file; a bad line is reported with its number and the rest still start")
    func startFromFile() async throws {
        var p = try MoonwireProcess()
        defer { p.cleanUp() }
        p.environment["MOONWIRE_NOW"] = "2026-11-23T10:00:00+01:00"
        let plugins = try plugins(p)
        try await ServeProcess(p, arguments: ["--plugins", plugins]).stop()  // records the flow's definition

        let file = p.directory.appendingPathComponent("customers.csv")
        try """
            # exported from the CRM
            +33612345601,Ana

            06 12 34 56 02
            not a number
            +33612345601
            \(String(repeating: "9", count: 5_000))
            """.write(to: file, atomically: true, encoding: .utf8)
        let started = try await p.run(["flows", "start", "welcome_drip", "--numbers", file.path])
        #expect(started.status == 1, "a bad line makes the exit status 1")
        let lines = started.stdout.split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines.first?.hasSuffix(" +33612345601") == true && lines.last?.hasSuffix(" +33612345602") == true, "\(started.stdout)")
        #expect(started.stderr.contains("customers.csv:5: not a number:"), "\(started.stderr)")
        #expect(started.stderr.contains("customers.csv:6: +33612345601 already runs welcome_drip"), "\(started.stderr)")
        #expect(started.stderr.contains("customers.csv:7: 9999999999999999999999999999999999999999…:"), "\(started.stderr)")
        #expect(started.stderr.contains("started 2 run(s) of welcome_drip; 1 already running; 2 invalid line(s)"), "\(started.stderr)")

        // From standard input, the same numbers again: nothing new starts, and that is not an error.
        let again = try await p.run(["flows", "start", "welcome_drip", "--numbers", "-"], stdin: "+33612345601\n0612345602\n")
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stdout.isEmpty)
        #expect(again.stderr.contains("started 0 run(s) of welcome_drip; 2 already running; 0 invalid line(s)"))

        let both = try await p.run(["flows", "start", "welcome_drip", "+33612345603", "--numbers", file.path])
        #expect(both.status != 0 && both.stderr.contains("not both"), "\(both.stderr)")
        let neither = try await p.run(["flows", "start", "welcome_drip"])
        #expect(neither.status != 0 && neither.stderr.contains("--numbers FILE"), "\(neither.stderr)")

        let serve = try await ServeProcess(p, arguments: ["--plugins", plugins])
        defer { serve.stop() }
        #expect(try await p.waitFor { try await $0.flowRuns(statuses: [.sleeping]).count == 2 })
        #expect(try await p.sent(to: "+33612345602").count == 1)
    }
}

