import Engine
import Foundation
import LuaKit
import SMSCore
import SandboxStore
import Storage
import StoreSQLite
import Testing

@Suite("plugins/welcome_drip.lua on the virtual clock: every path, with exact times")
struct WelcomeDripTests {
    static let phone = "+33612345678"
    static let welcome = "Bienvenue chez ACME ! Répondez STOP pour ne plus recevoir nos SMS."
    static let question = "Votre première commande vous a-t-elle plu ? Répondez OUI ou NON."
    static let yes = "Merci ! Voici 10 % sur votre prochaine commande : BIENVENUE10"
    static let no = "Désolés ! Un conseiller vous rappelle sous 24 h."
    static let silence = "Pas de réponse ? Aucun souci : notre équipe reste joignable au 01 23 45 67 89."

    func harness() async throws -> FlowHarness {
        try await FlowHarness(plugins: ["welcome_drip.lua": try FlowHarness.welcomeDrip])
    }

    func expectSent(_ h: FlowHarness, _ expected: [(String, String)], sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let sent = try await h.sent(to: Self.phone)
        #expect(sent.map(\.body) == expected.map(\.0), sourceLocation: sourceLocation)
        #expect(sent.map(\.createdAt) == expected.map { FlowHarness.at($0.1) }, sourceLocation: sourceLocation)
    }

    @Test("OUI, answered the instant the question goes out: the welcome, the question three days later, the thanks")
    func yesAtOnce() async throws {
        let h = try await harness()
        defer { h.cleanUp() }
        let id = try FlowHarness.id(try await h.start("welcome_drip", Self.phone))
        try await expectSent(h, [(Self.welcome, "2026-11-23T09:00:00Z")])
        #expect(try await h.run(id).status == .sleeping)
        #expect(try await h.run(id).nextWake == FlowHarness.at("2026-11-26T09:00:00Z"))

        try await h.advance("3d")
        #expect(try await h.run(id).status == .waiting)
        try await h.reply(from: Self.phone, "oui !")  // the same virtual instant as the question
        try await expectSent(
            h,
            [
                (Self.welcome, "2026-11-23T09:00:00Z"), (Self.question, "2026-11-26T09:00:00Z"),
                (Self.yes, "2026-11-26T09:00:00Z"),
            ])
        #expect(try await h.run(id).status == .completed)
    }

    @Test("NON two hours later: the apology at the reply's instant")
    func no() async throws {
        let h = try await harness()
        defer { h.cleanUp() }
        let id = try FlowHarness.id(try await h.start("welcome_drip", Self.phone))
        try await h.advance("3d")
        try await h.advance("2h")
        try await h.reply(from: Self.phone, "Non, pas vraiment")
        try await expectSent(
            h,
            [
                (Self.welcome, "2026-11-23T09:00:00Z"), (Self.question, "2026-11-26T09:00:00Z"),
                (Self.no, "2026-11-26T11:00:00Z"),
            ])
        #expect(try await h.run(id).status == .completed)
    }

    @Test("no answer: one advance of five days sends the question, then the timeout message a day later, in order")
    func timeout() async throws {
        let h = try await harness()
        defer { h.cleanUp() }
        let id = try FlowHarness.id(try await h.start("welcome_drip", Self.phone))
        try await h.advance("5d")
        try await expectSent(
            h,
            [
                (Self.welcome, "2026-11-23T09:00:00Z"), (Self.question, "2026-11-26T09:00:00Z"),
                (Self.silence, "2026-11-27T09:00:00Z"),
            ])
        let run = try await h.run(id)
        #expect(run.status == .completed)
        #expect(h.host.clock.now() == FlowHarness.at("2026-11-28T09:00:00Z"))
        // The journal: send, sleep, ask (timed out: no values), send.
        let journal = try await h.store.flowJournal(runID: id)
        #expect(journal.map(\.kind) == [.send, .sleep, .ask, .send])
        #expect(journal[2].result == "{\"values\":[]}")
    }

    @Test("STOP during the sleep: one confirmation, the run is stopped, nothing more is sent")
    func stopWhileSleeping() async throws {
        let h = try await harness()
        defer { h.cleanUp() }
        let id = try FlowHarness.id(try await h.start("welcome_drip", Self.phone))
        try await h.advance("1d")
        try await h.reply(from: Self.phone, "STOP")
        #expect(try await h.run(id).status == .stopped)
        try await h.advance("5d")
        let sent = try await h.sent(to: Self.phone)
        #expect(sent.count == 2)
        #expect(sent.first?.body == Self.welcome)
        #expect(sent.last?.body.contains("START") == true)
        #expect(sent.last?.createdAt == FlowHarness.at("2026-11-24T09:00:00Z"))
    }

    @Test("STOP as the answer to the question: the opt-out wins, the run is stopped, no branch is taken")
    func stopAsAnswer() async throws {
        let h = try await harness()
        defer { h.cleanUp() }
        let id = try FlowHarness.id(try await h.start("welcome_drip", Self.phone))
        try await h.advance("3d")
        try await h.reply(from: Self.phone, "stop")
        try await h.advance("2d")
        let sent = try await h.sent(to: Self.phone)
        #expect(sent.map(\.body).prefix(2) == [Self.welcome, Self.question])
        #expect(sent.count == 3)
        #expect(sent.last?.body.contains("START") == true)
        #expect(try await h.run(id).status == .stopped)
        #expect(try await h.store.flowWait(runID: id) == nil)
    }

    @Test("the ESSAI keyword starts the drip once; a second ESSAI while it runs starts nothing")
    func keywordStart() async throws {
        let h = try await harness()
        defer { h.cleanUp() }
        try await h.reply(from: Self.phone, "Essai")
        try await h.reply(from: Self.phone, "ESSAI !")
        let runs = try await h.store.flowRuns(flow: "welcome_drip")
        #expect(runs.count == 1)
        #expect(try await h.sent(to: Self.phone).map(\.body) == [Self.welcome])
    }
}
