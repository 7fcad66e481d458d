import Foundation
import SandboxStore
import Storage
import Testing

/// Three `moonwire serve` on one PostgreSQL database, instances killed with SIGKILL while they
/// work (issue 18): the survivors finish everything, nothing is sent twice, nothing is lost.
/// Opt-in (`MOONWIRE_FLEET_KILL_TESTS=1`): three serves and 3,000 runs beside the rest of the
/// suite starved its other end-to-end tests past their limits on 2 cores (session 29's full runs).
/// Swift Testing lists the suite as skipped with this reason; it is not silent.
@Suite(
    "A fleet of three serves on PostgreSQL, killed -9 while it works", .serialized, .processSlot,
    .enabled(
        if: ProcessInfo.processInfo.environment["MOONWIRE_FLEET_KILL_TESTS"] == "1",
        "heavy: run alone with MOONWIRE_FLEET_KILL_TESTS=1 --filter FleetKillTests"))
struct FleetKillTests {
    static let welcome = "Bienvenue chez ACME ! Répondez STOP pour ne plus recevoir nos SMS."
    static let question = "Votre première commande vous a-t-elle plu ? Répondez OUI ou NON."
    static let thanks = "Merci ! Voici 10 % sur votre prochaine commande : BIENVENUE10"

    /// Answers any reply nothing else took: a reply routed a second time, after its run moved
    /// on, would land here and show as a fourth message.
    static let strays = """
        on.reply(function(r) assert(r:reply("stray: " .. r.body)) end)
        """

    /// `count` distinct French mobile numbers starting at `first`.
    static func numbers(_ count: Int, first: Int = 0) -> [String] {
        (first..<first + count).map { "+33610" + String(format: "%06d", $0) }
    }

    /// Injects `bodies(number)` from each number, as `moonwire sandbox reply` does (into the
    /// sandbox's store, at the virtual time), several numbers at once, each number's in order.
    static func inject(
        into sandbox: any SandboxStorage, at now: Date, numbers: [String], bodies: @escaping @Sendable (String) -> [String]
    ) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            let lanes = 8
            for lane in 0..<lanes {
                let mine = stride(from: lane, to: numbers.count, by: lanes).map { numbers[$0] }
                group.addTask {
                    for number in mine {
                        for body in bodies(number) {
                            _ = try await sandbox.injectSandboxReply(from: number, body: body, receivedAt: now)
                        }
                    }
                }
            }
            try await group.waitForAll()
        }
    }

    @Test(
        """
        3,000 welcome drips on three serves, one killed -9 while the welcomes go out and another \
        while it answers the replies: the survivor finishes every run, each number gets its three \
        messages once, and no reply is routed twice
        """)
    func dripAcrossTwoKills() async throws {
        let runs = 3000
        let fleet = try await ServeFleet(
            count: 3, plugins: ["welcome_drip.lua": try ServeFleet.shipped("welcome_drip.lua"), "strays.lua": Self.strays])
        defer { fleet.cleanUp() }
        let numbers = Self.numbers(runs)
        let file = try fleet.p.script("numbers.txt", numbers.joined(separator: "\n") + "\n")
        let started = try await fleet.p.run(["flows", "start", "welcome_drip", "--numbers", file], timeout: 120)
        #expect(started.status == 0, "\(started.stderr)")
        #expect(started.stderr.contains("started \(runs) run(s)"), "\(started.stderr)")

        // The first kill: once a tenth of the welcomes went out, before they all did.
        #expect(try await fleet.waitFor(timeout: 120) { try await fleet.sentCount() >= runs / 10 }, "\(fleet.logs())")
        fleet.kill(0)
        let sentAtFirstKill = try await fleet.sentCount()
        #expect(sentAtFirstKill < runs, "the welcomes were all out before the kill: the test proves nothing")

        // Every run sleeps three days: the survivors took the dead instance's runs over.
        // A welcome the dead instance left in flight goes out once its lease lapses (the
        // sandbox dedups the send again by its key): every welcome is then accepted once.
        let asleep = try await fleet.waitFor(timeout: 300) {
            let (count, sent) = (try await fleet.engine.flowRunCounts()[.sleeping], try await fleet.sentCount())
            return count == runs && sent == runs
        }
        let afterFirstKill = await fleet.report()
        #expect(asleep, "\(afterFirstKill)")

        // Three days later the question goes out to every number.
        let advanced = try await fleet.p.run(["sandbox", "clock", "advance", "3d"], timeout: 200)
        #expect(advanced.status == 0, "\(advanced.stdout) \(advanced.stderr)")
        let asked = try await fleet.waitFor(timeout: 300) {
            let (count, sent) = (try await fleet.engine.flowRunCounts()[.waiting], try await fleet.sentCount())
            return count == runs && sent == 2 * runs
        }
        let afterAdvance = await fleet.report()
        #expect(asked, "\(afterAdvance)")

        // Every number answers OUI; the instance collecting the sandbox's replies (the harder
        // case: a singleton to take over too) is killed once a tenth of the answers went out.
        // Injected while the fleet answers (injecting is not faster than answering here).
        let sandbox = fleet.sandbox
        let now = try #require(try await fleet.engine.virtualClockState()).now
        let injecting = Task { try await Self.inject(into: sandbox, at: now, numbers: numbers) { _ in ["oui !"] } }
        #expect(
            try await fleet.waitFor(timeout: 120) { try await fleet.sentCount() >= 2 * runs + runs / 10 }, "\(fleet.logs())")
        let second = try await fleet.holder(of: "sandbox.inbound") ?? 1
        fleet.kill(second)
        let sentAtSecondKill = try await fleet.sentCount()
        #expect(sentAtSecondKill < 3 * runs, "the answers were all out before the kill: the test proves nothing")
        try await injecting.value

        let finished = try await fleet.waitFor(timeout: 300) {
            let (count, sent) = (try await fleet.engine.flowRunCounts()[.completed], try await fleet.sentCount())
            return count == runs && sent == 3 * runs
        }
        let afterSecondKill = await fleet.report()
        #expect(finished, "\(afterSecondKill)")

        // Each number: the welcome, the question and the thanks, once each, in that order.
        let messages = try await fleet.messagesByNumber()
        let wrong = numbers.filter { messages[$0]?.map(\.body) != [Self.welcome, Self.question, Self.thanks] }
        #expect(wrong.isEmpty, "\(wrong.count) number(s) wrong, e.g. \(wrong.prefix(3).map { ($0, messages[$0]?.map(\.body) ?? []) })")
        #expect(messages.values.map(\.count).reduce(0, +) == 3 * runs)
        #expect(try await fleet.engine.outboxCounts() == [.sent: 3 * runs])
        // Each reply recorded once and handled, none set aside or failing.
        let inbound = try await fleet.engine.recentInbound(limit: 2 * runs)
        #expect(inbound.count == runs)
        #expect(Set(inbound.map(\.providerID)).count == runs)
        #expect(inbound.allSatisfy { $0.status == .handled && $0.error == nil })
        let survivor = 3 - second  // neither 0 nor `second`
        print(
            """
            fleet drip: \(runs) runs; first kill after \(sentAtFirstKill) welcome(s), second (serve \(second), \
            holding sandbox.inbound) after \(sentAtSecondKill - 2 * runs) answer(s); serve \(survivor) finished; \
            \(messages.values.map(\.count).reduce(0, +)) messages to \(messages.count) numbers
            """)
    }

    @Test(
        """
        5,000 replies answered by three serves with a keyword plugin, one killed -9 mid-way: \
        every reply is answered exactly once
        """)
    func repliesAcrossAKill() async throws {
        let perNumber = 2
        let numbers = Self.numbers(2500, first: 500_000)
        let pong = """
            on.keyword("PING", function(r) assert(r:reply("PONG " .. r.body:match("%d+"))) end)
            """
        let fleet = try await ServeFleet(count: 3, plugins: ["pong.lua": pong, "strays.lua": Self.strays])
        defer { fleet.cleanUp() }
        let total = numbers.count * perNumber

        let sandbox = fleet.sandbox
        let now = try #require(try await fleet.engine.virtualClockState()).now
        let injecting = Task {
            try await Self.inject(into: sandbox, at: now, numbers: numbers) { _ in (1...perNumber).map { "PING \($0)" } }
        }
        #expect(try await fleet.waitFor(timeout: 120) { try await fleet.sentCount() >= total / 5 }, "\(fleet.logs())")
        let killed = try await fleet.holder(of: "sandbox.inbound") ?? 0
        fleet.kill(killed)
        let sentAtKill = try await fleet.sentCount()
        #expect(sentAtKill < total, "the answers were all out before the kill: the test proves nothing")
        try await injecting.value

        let answered = try await fleet.waitFor(timeout: 300) {
            let (inbound, sent) = (try await fleet.engine.inboundCounts(), try await fleet.sentCount())
            return inbound == (pending: 0, handled: total) && sent == total
        }
        let afterKill = await fleet.report()
        #expect(answered, "\(afterKill)")

        let messages = try await fleet.messagesByNumber()
        let expected = (1...perNumber).map { "PONG \($0)" }
        let wrong = numbers.filter { messages[$0]?.map(\.body).sorted() != expected }
        #expect(wrong.isEmpty, "\(wrong.count) number(s) wrong, e.g. \(wrong.prefix(3).map { ($0, messages[$0]?.map(\.body) ?? []) })")
        // Replies are routed in order, but an answer queued by a handler may be claimed by
        // another instance's dispatch loop and go out after the next reply's answer (seen: 335
        // of 2,500 numbers; docs/decisions.md, "The fleet killed with -9").
        let outOfOrder = numbers.filter { messages[$0]?.map(\.body) != expected }
        withKnownIssue("an answer can go out after the next reply's answer", isIntermittent: true) {
            #expect(outOfOrder.isEmpty, "\(outOfOrder.count) number(s) answered out of order, e.g. \(outOfOrder.prefix(3))")
        }
        #expect(messages.values.map(\.count).reduce(0, +) == total)
        #expect(try await fleet.engine.outboxCounts() == [.sent: total])
        let inbound = try await fleet.engine.recentInbound(limit: 2 * total)
        #expect(inbound.count == total)
        #expect(inbound.allSatisfy { $0.status == .handled && $0.error == nil })
        print("fleet replies: \(total) replies from \(numbers.count) numbers; serve \(killed) (holding sandbox.inbound) killed after \(sentAtKill) answer(s)")
    }
}
