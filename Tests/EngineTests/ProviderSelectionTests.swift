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

    @Test("a real provider without its key is refused with the variable to set")
    func missingKey() throws {
        let error = #expect(throws: EngineError.self) {
            try ScriptHost(configuration: EngineConfiguration(databasePath: ":memory:", provider: "conerix", environment: [:]))
        }
        #expect(error?.code == "missing_api_key")
        #expect(error?.message.contains("CONERIX_API_KEY") == true)
    }
}
