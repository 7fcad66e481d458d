import Foundation
import SandboxStore
import Storage
import StorageBackends
import TestSupport
import Testing

/// The sandbox provider with `MOONWIRE_DB=postgres://...`: every command a user tries a fleet
/// with, on a throwaway PostgreSQL server, with the built binary.
@Suite("The sandbox on PostgreSQL, end to end", .serialized, .processSlot)
struct PostgresSandboxTests {
    static let phone = "+33612345678"

    /// A scratch directory whose `MOONWIRE_DB` is a new database on the test server.
    static func process() async throws -> (MoonwireProcess, url: String) {
        var p = try MoonwireProcess()
        let url = try await PostgresTestServer.server().createDatabase()
        p.environment["MOONWIRE_DB"] = url
        p.environment["MOONWIRE_NOW"] = "2026-11-23T10:00:00+01:00"  // a Monday morning in Paris
        return (p, url)
    }

    /// Copies `names` from the repository's plugins/ into the test's plugins directory.
    static func plugins(_ p: MoonwireProcess, _ names: [String]) throws -> String {
        try p.writePlugins(
            Dictionary(
                uniqueKeysWithValues: try names.map { name in
                    (name, try String(contentsOf: MoonwireProcess.packageRoot.appendingPathComponent("plugins/\(name)"), encoding: .utf8))
                }))
    }

    /// Blocks until `condition` holds on the sandbox's store, or `timeout` seconds pass.
    static func waitFor(
        _ url: String, timeout: TimeInterval = 30, _ condition: @escaping @Sendable (any SandboxStorage) async throws -> Bool
    ) async throws -> Bool {
        let store = try StorageBackends.sandbox(location: url)
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if try await condition(store) { return true }
            try await Task.sleep(for: .milliseconds(50))
        }
        return try await condition(store)
    }

    @Test("send, sandbox messages, sandbox reply, sandbox clock and flows list work with no server running")
    func commands() async throws {
        let (p, url) = try await Self.process()
        defer { p.cleanUp() }
        // A database the sandbox never used has nothing to list, and listing creates nothing.
        let empty = try await p.run(["sandbox", "messages"])
        #expect(empty.status == 0 && empty.stdout.isEmpty, "\(empty.stderr)")
        #expect(empty.stderr.contains("The sandbox has no messages yet in postgres://postgres@"), "\(empty.stderr)")
        let untouched = #expect(throws: StorageError.self) { try StorageBackends.sandbox(location: url, readOnly: true) }
        #expect(untouched?.code == .notFound)

        let sent = try await p.run(["send", "--to", "06 12 34 56 78", "--body", "Bonjour", "--from", "ACME", "--external-id", "order-1"])
        #expect(sent.status == 0, "stderr: \(sent.stderr)")
        #expect(sent.stdout.hasPrefix("\(Self.phone)  sbx_"), "\(sent.stdout)")
        let again = try await p.run(["send", "--to", Self.phone, "--body", "Bonjour", "--external-id", "order-1", "--json"])
        #expect(again.stdout.contains("\"already_processed\":true"), "\(again.stdout) \(again.stderr)")

        let list = try await p.run(["sandbox", "messages"])
        #expect(list.status == 0, "stderr: \(list.stderr)")
        #expect(list.stdout.contains("Bonjour") && list.stdout.contains(Self.phone), "\(list.stdout)")
        let json = try await p.run(["sandbox", "messages", "--json"])
        let messages = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        #expect(messages.count == 1)
        #expect(messages.first?["external_id"] as? String == "order-1")

        let reply = try await p.run(["sandbox", "reply", "--from", "0612345678", "Oui"])
        #expect(reply.status == 0, "stderr: \(reply.stderr)")
        let replies = try await StorageBackends.sandbox(location: url).sandboxReplies()
        #expect(replies.map(\.id) == [reply.stdout.trimmingCharacters(in: .whitespacesAndNewlines)])
        #expect(replies.first?.to == "ACME")
        #expect(replies.first?.inReplyTo == messages.first?["id"] as? String)

        #expect(try await p.run(["sandbox", "clock", "show"]).stdout.hasPrefix("2026-11-23T09:00:00Z"))
        let advanced = try await p.run(["sandbox", "clock", "advance", "1h"])
        #expect(advanced.stdout.hasPrefix("2026-11-23T10:00:00Z"), "\(advanced.stdout) \(advanced.stderr)")
        let flows = try await p.run(["flows", "list"])
        #expect(flows.status == 0, "stderr: \(flows.stderr)")
    }

    @Test("serve answers a reply with plugins/autoreply.lua, and drives the welcome drip along the virtual clock")
    func serve() async throws {
        let (p, url) = try await Self.process()
        defer { p.cleanUp() }
        let plugins = try Self.plugins(p, ["autoreply.lua", "welcome_drip.lua"])
        let serve = try await ServeProcess(p, arguments: ["--plugins", plugins])
        defer { serve.stop() }

        #expect(try await p.run(["sandbox", "reply", "--from", "+33612345679", "horaires ?"]).status == 0)
        #expect(try await Self.waitFor(url) { try await $0.sandboxMessages().contains { $0.to == "+33612345679" } }, "\(serve.text)")
        let answer = try await StorageBackends.sandbox(location: url).sandboxMessages().filter { $0.to == "+33612345679" }
        #expect(answer.map(\.body) == ["Nous sommes ouverts du lundi au samedi, de 9h à 19h. Répondez AIDE pour parler à quelqu'un."])

        let started = try await p.run(["flows", "start", "welcome_drip", Self.phone, "--var", "first_name=Ana"])
        #expect(started.status == 0, "\(started.stderr)")
        #expect(try await Self.waitFor(url) { try await $0.sandboxMessages().contains { $0.to == Self.phone } })
        // The welcome is committed before the sleep that follows it: the run reads active until
        // the sleep is stored too.
        let engine = try StorageBackends(location: url, busyTimeout: 10).engine
        let deadline = Date().addingTimeInterval(30)
        while try await engine.flowRuns(statuses: [.sleeping], flow: nil, phone: nil, limit: 10).isEmpty, Date() < deadline {
            try await Task.sleep(for: .milliseconds(50))
        }
        let list = try await p.run(["flows", "list"])
        #expect(list.stdout.contains("welcome_drip  \(Self.phone)  sleeping  2026-11-26T09:00:00Z"), "\(list.stdout) \(list.stderr)")
        #expect(try await p.run(["sandbox", "clock", "advance", "3d"]).stdout.hasPrefix("2026-11-26T09:00:00Z"))
        #expect(try await Self.waitFor(url) { try await $0.sandboxMessages().filter { $0.to == Self.phone }.count == 2 })
        #expect(try await p.run(["sandbox", "reply", "--from", Self.phone, "OUI"]).status == 0)
        #expect(try await Self.waitFor(url) { try await $0.sandboxMessages().filter { $0.to == Self.phone }.count == 3 })
        let drip = try await StorageBackends.sandbox(location: url).sandboxMessages().filter { $0.to == Self.phone }
        #expect(drip.last?.body == "Merci ! Voici 10 % sur votre prochaine commande : BIENVENUE10")
        #expect(try await p.run(["flows", "list", "--status", "completed"]).stdout.contains("welcome_drip  \(Self.phone)  completed"))
    }
}
