import Foundation
import SandboxStore
import Storage
import StoreSQLite
import Testing

@Suite("kill -9 at every step of the welcome drip", .serialized, .processSlot)
struct FlowCrashTests {
    static let count = 200
    static let welcome = "Bienvenue chez ACME ! Répondez STOP pour ne plus recevoir nos SMS."
    static let question = "Votre première commande vous a-t-elle plu ? Répondez OUI ou NON."
    static let yes = "Merci ! Voici 10 % sur votre prochaine commande : BIENVENUE10"
    static let no = "Désolés ! Un conseiller vous rappelle sous 24 h."
    static let silence = "Pas de réponse ? Aucun souci : notre équipe reste joignable au 01 23 45 67 89."

    static func number(_ i: Int) -> String { String(format: "+336%08d", i) }

    @Test("serve killed after sends, during the sleep, during the ask and after the answers: every run completes, nothing twice, nothing lost")
    func crashes() async throws {
        var p = try MoonwireProcess()
        defer { p.cleanUp() }
        p.environment["MOONWIRE_NOW"] = "2026-11-23T10:00:00+01:00"
        let directory = p.directory.appendingPathComponent("plugins")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try String(contentsOf: MoonwireProcess.packageRoot.appendingPathComponent("plugins/welcome_drip.lua"), encoding: .utf8)
            .write(to: directory.appendingPathComponent("welcome_drip.lua"), atomically: true, encoding: .utf8)
        // One run at a time, so each kill lands while some runs have done the step and others not
        // (with four, an idle machine sent all 200 welcomes between two looks at the database).
        let plugins = ["--plugins", directory.path, "--concurrency", "1"]
        let store = try p.store()
        let database = p.environment["MOONWIRE_DB"]!

        // A first serve records the flow's definition; then 200 runs are started while it is down.
        try await ServeProcess(p, arguments: plugins).stop()
        let hash = try #require(try await store.flowDefinitions().first { $0.name == "welcome_drip" }?.hash)
        let now = try Date("2026-11-23T09:00:00Z", strategy: .iso8601)
        for i in 1...Self.count {
            let run = FlowRunRow(
                flow: "welcome_drip", phone: Self.number(i), sourceHash: hash, vars: "{}",
                contact: "{\"phone\":\"\(Self.number(i))\"}", origin: .cli, createdAt: now)
            _ = try await store.startFlowRun(run, exclusive: true)
        }

        // 1. Killed while the welcomes go out.
        // Serve is killed with the database's write lock held by the test, taken once 20 welcomes
        // are stored: it cannot send more between the look and the kill.
        var serve = try await ServeProcess(p, arguments: plugins)
        #expect(try await serve.kill(database: database, onceSandboxHolds: 20))
        let welcomed = try await store.sandbox().sandboxMessages().count
        #expect(welcomed < Self.count, "the kill came after every welcome was sent; nothing was tested")

        // 2. Killed while every run sleeps.
        serve = try await ServeProcess(p, arguments: plugins)
        #expect(try await p.waitFor(timeout: 120) { try await $0.flowRuns(statuses: [.sleeping], limit: 1000).count == Self.count })
        serve.kill()
        #expect(try await store.sandbox().sandboxMessages().count == Self.count)

        // 3. Killed while the questions go out, during the clock's advance.
        serve = try await ServeProcess(p, arguments: plugins)
        let advance = try BackgroundProcess(p, ["sandbox", "clock", "advance", "3d"])
        #expect(try await serve.kill(database: database, onceSandboxHolds: Self.count + 20))
        let asked = try await store.sandbox().sandboxMessages().count - Self.count
        advance.wait()  // with serve gone, it moves the clock itself
        #expect(asked < Self.count, "the kill came after every question was sent; nothing was tested")
        #expect(try await store.virtualClockState()?.now == now.addingTimeInterval(3 * 86_400))

        // 4. Every run waits; half of them are answered, and serve is killed after some answers.
        // A question interrupted by the last kill goes out again first: no one answers a question
        // they have not received.
        serve = try await ServeProcess(p, arguments: plugins)
        #expect(try await p.waitFor(timeout: 120) { try await $0.flowRuns(statuses: [.waiting], limit: 1000).count == Self.count })
        #expect(
            try await p.waitFor(timeout: 120) { store in
                let counts = try await store.outboxCounts()
                return counts[.pending, default: 0] + counts[.sending, default: 0] == 0
            })
        let inject = try p.script("answers.lua", """
            for i = 1, \(Self.count / 2) do
              assert(sandbox.reply{from = string.format("+336%08d", i), body = i % 2 == 1 and "oui !" or "Non merci"})
            end
            """)
        #expect(try await p.run(["run", inject]).status == 0)
        #expect(try await p.waitFor(timeout: 120) { try await $0.flowRuns(statuses: [.completed], limit: 1000).count >= 10 })
        serve.kill()

        // 5. The last serve finishes the answered runs, then the others time out a day later.
        serve = try await ServeProcess(p, arguments: plugins)
        defer { serve.stop() }
        #expect(try await p.waitFor(timeout: 120) { try await $0.flowRuns(statuses: [.completed], limit: 1000).count == Self.count / 2 })
        let timeout = try await p.run(["sandbox", "clock", "advance", "1d"], timeout: 120)
        #expect(timeout.status == 0, "\(timeout.stderr)")
        #expect(try await p.waitFor(timeout: 120) { try await $0.flowRuns(statuses: [.completed], limit: 1000).count == Self.count })

        let messages = try await store.sandbox().sandboxMessages()
        let byNumber = Dictionary(grouping: messages, by: \.to)
        #expect(messages.count == 3 * Self.count, "welcomed \(welcomed) and asked \(asked) before the kills")
        let dayOne = now, dayFour = now.addingTimeInterval(3 * 86_400), dayFive = now.addingTimeInterval(4 * 86_400)
        for i in 1...Self.count {
            let sent = byNumber[Self.number(i)] ?? []
            let last = i > Self.count / 2 ? Self.silence : (i % 2 == 1 ? Self.yes : Self.no)
            #expect(sent.map(\.body) == [Self.welcome, Self.question, last], "\(Self.number(i))")
            #expect(sent.map(\.createdAt) == [dayOne, dayFour, i > Self.count / 2 ? dayFive : dayFour], "\(Self.number(i))")
        }
        #expect(try await store.outboxCounts()[.sent] == 3 * Self.count)
    }
}

/// A `moonwire` command running in the background.
final class BackgroundProcess {
    let process: ChildProcess

    init(_ p: MoonwireProcess, _ arguments: [String]) throws {
        process = try p.start(arguments, captureOutput: false)
    }

    func wait() { process.wait() }
}
