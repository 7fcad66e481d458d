import Engine
import Foundation
import LuaKit
import Server
import SandboxStore
import Storage
import StoreSQLite
import Testing

@Suite("MOONWIRE_PROVIDER picks the real clients, tested against sandbox serve on loopback")
struct ProviderSelectionTests {
    /// A sandbox server and a script host configured for `provider`, sharing one SQLite file.
    func withHost(
        provider: String, _ body: (ScriptHost, SQLiteStore) async throws -> Void
    ) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("moonwire-sel-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("moonwire.db").path
        let store = try SQLiteStore(path: path)
        let server = try await SandboxServer(store: try store.sandbox(), configuration: .init(port: 0)).start()
        do {
            let environment = [
                "CONEXTEO_API_KEY": "sandbox", "CONEXTEO_BASE_URL": server.conexteoBaseURL,
                "CONERIX_API_KEY": "sandbox", "CONERIX_BASE_URL": server.conerixBaseURL,
            ]
            let host = try ScriptHost(configuration: EngineConfiguration(
                databasePath: directory.appendingPathComponent("host.db").path, provider: provider,
                output: { _ in }, environment: environment))
            try await body(host, store)
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()
    }

    func run(_ host: ScriptHost, _ source: String) async throws -> [LuaValue] {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("sel-\(UUID().uuidString).lua")
        try source.write(to: url, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: url) }
        return try await host.runFile(url.path)
    }

    @Test("sms.send through ConerixClient reaches the sandbox's Conerix API", arguments: ["conerix", "conexteo"])
    func sendThroughClient(provider: String) async throws {
        try await withHost(provider: provider) { host, store in
            let r = try await run(host, """
                local m = assert(sms.send{ to = "+33612345678", body = "via \(provider)", from = "ACME" })
                return m.to, m.id ~= nil
                """)
            #expect(r == [.text("+33612345678"), .boolean(true)])
            let stored = try await store.sandbox().sandboxMessages()
            #expect(stored.map(\.body) == ["via \(provider)"])
            #expect(stored.first?.from == "ACME")
        }
    }

    @Test("Conexteo: a reused external_id is already processed, and nothing is sent twice")
    func conexteoDedup() async throws {
        try await withHost(provider: "conexteo") { host, store in
            let r = try await run(host, """
                local a = assert(sms.send{ to = "+33612345678", body = "once", external_id = "order-7" })
                local b = assert(sms.send{ to = "+33612345678", body = "once", external_id = "order-7" })
                return a.already_processed, b.already_processed
                """)
            #expect(r == [.nil, .boolean(true)])
            #expect(try await store.sandbox().sandboxMessages().count == 1)
        }
    }

    @Test("Conexteo: an external_id the provider processed before (409) is already_processed, not a fresh send")
    func conexteoProviderDedup() async throws {
        try await withHost(provider: "conexteo") { host, store in
            let first = try await run(host, """
                local a = assert(sms.send{ to = "+33612345678", body = "once", external_id = "order-8" })
                return a.already_processed, a.status
                """)
            #expect(first == [.nil, .text("accepted")])
            // A second database on the same account knows nothing of order-8: only Conexteo's
            // 409 can tell it was sent.
            let other = try ScriptHost(configuration: EngineConfiguration(
                databasePath: host.configuration.databasePath + "-other.db", provider: "conexteo",
                output: { _ in }, environment: host.configuration.environment))
            let again = try await run(other, """
                local b = assert(sms.send{ to = "+33612345678", body = "once", external_id = "order-8" })
                local row = moonwire.outbox()[1]
                return b.already_processed, b.status, row.already_processed, row.status
                """)
            #expect(again == [.boolean(true), .text("accepted"), .boolean(true), .text("sent")])
            #expect(try await store.sandbox().sandboxMessages().count == 1)
            // The outbox keeps the flag: a later read of the row says so too.
            #expect(try await other.store.outboxRow(dedupKey: "order-8")?.alreadyProcessed == true)
            #expect(try await host.store.outboxRow(dedupKey: "order-8")?.alreadyProcessed == false)
        }
    }

    @Test("Conexteo: a number stopped only on Conexteo's side is refused as opted_out and joins the local list; stops.sync pulls the others in")
    func conexteoStopsBothWays() async throws {
        try await withHost(provider: "conexteo") { host, store in
            // Stopped on Conexteo's side only (its console, or a STOP it handled): the local list knows nothing.
            for number in ["+33612345001", "+33612345002"] {
                _ = try await store.sandbox().addSandboxStop(recipient: number, at: Date())
            }
            let refused = try await run(host, """
                local before = stops.contains("+33612345001")
                local m, err = sms.send{ to = "+33612345001", body = "promo" }
                return before, m == nil, err.code, err.message, stops.contains("+33612345001"), stops.contains("+33612345002")
                """)
            #expect(refused.prefix(3) == [.boolean(false), .boolean(true), .text("opted_out")])
            #expect(refused[3].stringValue?.contains("+33612345001 is on Conexteo's stop list") == true, "\(refused[3])")
            #expect(refused.suffix(2) == [.boolean(true), .boolean(false)])
            // The next send to it stops here, before any request: the emulation saw one send only.
            let again = try await run(host, """
                local m, err = sms.send{ to = "+33612345001", body = "promo 2" }
                return err.code
                """)
            #expect(again == [.text("opted_out")])
            #expect(try await store.sandbox().sandboxMessages().isEmpty)
            #expect(try await host.store.outboxRows(statuses: [.blocked], limit: 10).count == 2)

            let synced = try await run(host, """
                local r = assert(stops.sync())
                local sources = {}
                for _, s in ipairs(stops.list()) do sources[#sources + 1] = s.phone .. "=" .. s.source end
                table.sort(sources)
                return r.listed, table.concat(r.added, ","), table.concat(sources, ","), #assert(stops.sync()).added
                """)
            #expect(synced == [.integer(2), .text("+33612345002"), .text("+33612345001=provider,+33612345002=provider"), .integer(0)])
        }
    }

    @Test("stops.sync with a provider that keeps no stop list of its own is not_supported")
    func stopSyncNotSupported() async throws {
        try await withHost(provider: "conerix") { host, _ in
            let r = try await run(host, "local r, err = stops.sync() return r, err.code")
            #expect(r == [.nil, .text("not_supported")])
        }
    }

    @Test("a real provider without its key is refused with the variable to set")
    func missingKey() throws {
        let error = #expect(throws: EngineError.self) {
            try ScriptHost(configuration: EngineConfiguration(databasePath: ":memory:", provider: "conerix", environment: [:]))
        }
        #expect(error?.code == "missing_api_key")
        #expect(error?.message.contains("CONERIX_API_KEY") == true)
    }
}
