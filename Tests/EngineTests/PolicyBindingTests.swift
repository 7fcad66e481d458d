import Foundation
import LuaKit
import SMSCore
import SandboxStore
import Storage
import StoreSQLite
import Testing

@testable import Engine

@Suite("policy.set / policy.get and the plugins/stop.lua example")
struct PolicyBindingTests {
    static let examples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("plugins")

    /// Loads the repository's stop.lua alone, routes `replies` from one number, and returns the
    /// bodies the sandbox received.
    func route(_ replies: [String], from number: String = "+33612345678", host t: TestHost) async throws -> [String] {
        let directory = t.directory.appendingPathComponent("plugins")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            at: Self.examples.appendingPathComponent("stop.lua"), to: directory.appendingPathComponent("stop.lua"))
        let statuses = await t.host.loadPlugins(from: directory.path)
        #expect(statuses.map(\.error) == [nil])
        let daemon = await Daemon(host: t.host)
        for (i, body) in replies.enumerated() {
            let rows = try await t.host.store.recordInbound([
                InboundRow(provider: "sandbox", providerID: "r\(i)", from: number, to: "ACME", body: body, receivedAt: Date())
            ])
            for row in rows { await daemon.router.route(row) }
        }
        return try await t.host.services.sandbox().sandboxMessages().filter { $0.to == number }.map(\.body)
    }

    @Test("the example's STOP confirmation goes once; its extra phrase opts out; START gets its own wording")
    func example() async throws {
        let t = try TestHost()
        defer { t.cleanUp() }
        let sent = try await route(["Ne plus recevoir !", "STOP", "start"], host: t)
        #expect(
            sent == [
                "ACME : vous ne recevrez plus nos SMS. Répondez START pour revenir.",
                "ACME : vous recevez à nouveau nos SMS. Répondez STOP pour arrêter.",
            ])
        #expect(try await t.host.store.isStopped("+33612345678") == false)
    }

    @Test("policy.get reports what is in force; the standard words keep working")
    func get() async throws {
        let t = try TestHost()
        defer { t.cleanUp() }
        let results = try await t.run(
            """
            policy.set{ stop_confirmation = "Bye", stop_words = { "basta" } }
            local p = policy.get()
            local has = {}
            for _, w in ipairs(p.stop_words) do has[w] = true end
            return p.stop_confirmation, has.BASTA, has.STOP, p.window.opens, p.window.closes, p.window.zone, #p.window.days
            """)
        #expect(results == [.text("Bye"), .boolean(true), .boolean(true), .text("08:00"), .text("20:00"), .text("Europe/Paris"), .integer(6)])
    }

    @Test("misuse raises with the reason", arguments: [
        ("policy.set{ stop_confirmation = string.rep('a', 161) }", "2 SMS segments"),
        ("policy.set{ stop_confirmation = '   ' }", "is empty"),
        ("policy.set{ stop_words = { 'START' } }", "cannot both stop and start"),
        ("policy.set{ stop_word = { 'X' } }", "unknown field 'stop_word'"),
        ("policy.set{ start_words = 'GO' }", "must be a list"),
        ("policy.set{ stop_confirmation = 'Bye', stop_words = { 'BASTA' }, start_words = { 'BASTA' } }", "cannot both stop and start"),
    ])
    func misuse(source: String, expected: String) async throws {
        let t = try TestHost()
        defer { t.cleanUp() }
        await #expect {
            try await t.run(source)
        } throws: { error in
            (error as? LuaError)?.message.contains(expected) == true
        }
        // Nothing half-applied: the defaults are still in force.
        #expect(t.host.services.policy.stopConfirmation == SendPolicy().stopConfirmation)
        #expect(t.host.services.policy.keywords == SendPolicy().keywords)
    }

    @Test("a plugin that fails after policy.set changes nothing; two reloads at once do not interleave")
    func reloads() async throws {
        let t = try TestHost()
        defer { t.cleanUp() }
        let directory = t.directory.appendingPathComponent("plugins")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try #"policy.set{ stop_words = { "basta" } } error("boom")"#.write(
            to: directory.appendingPathComponent("a_broken.lua"), atomically: true, encoding: .utf8)
        try #"policy.set{ stop_words = { "ciao" } } on.reply(function(r) end) on.keyword("INFO", function(r) end)"#.write(
            to: directory.appendingPathComponent("b_fine.lua"), atomically: true, encoding: .utf8)
        async let first = t.host.loadPlugins(from: directory.path)
        async let second = t.host.loadPlugins(from: directory.path)
        let (one, two) = await (first, second)
        #expect(one.map { $0.error != nil } == [true, false] && two.map { $0.error != nil } == [true, false])
        let keywords = t.host.services.policy.keywords
        #expect(keywords.intent(of: "ciao") == .stop)
        #expect(keywords.intent(of: "basta") == nil)
        // Each handler once, under the keys a single load gives (dedup keys depend on them).
        #expect(t.host.services.registry.all.map(\.key).sorted() == ["b_fine.lua#1", "b_fine.lua#2"])
    }

    @Test("a marketing send is held by the recipient's own zone: 07:30 in Paris is 10:30 in Réunion")
    func recipientZone() async throws {
        // Tuesday 2026-11-24 07:30 Paris = 10:30 Réunion (UTC+4).
        let clock = ManualTimeSource(Date(timeIntervalSince1970: 1_795_501_800))
        let t = try TestHost(clock: clock)
        defer { t.cleanUp() }
        let results = try await t.run(
            """
            local reunion = sms.send{ to = "+262692123456", body = "Promo", class = "marketing" }
            local paris = sms.send{ to = "+33612345678", body = "Promo", class = "marketing" }
            return reunion.status, paris.status
            """)
        #expect(results == [.text("accepted"), .text("deferred")])
    }
}
