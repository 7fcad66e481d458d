import Engine
import Foundation
import LuaKit
import SMSCore
import Server
import SandboxStore
import Storage
import StoreSQLite
import Testing

@Suite("rcs.send: through the outbox, on providers that have RCS")
struct RCSBindingTests {
    @Test("the sandbox records a text and a card with buttons; the external_id dedups; STOP blocks")
    func sandbox() async throws {
        let t = try TestHost()
        defer { t.cleanUp() }
        let results = try await t.run(
            """
            local a = assert(rcs.send{ to = "+33612345678", text = "Votre colis arrive", fallback = "Colis en route" })
            assert(select(2, rcs.send{ to = "06 12 34 56 78", text = "x" }).code == "not_e164")
            local card = {
              media = "https://example.com/colis.jpg", title = "Colis 42", description = "Livré demain",
              buttons = { { type = "url", title = "Suivre", url = "https://example.com/42" },
                          { type = "call", title = "Appeler", phone = "01 23 45 67 89" } },
            }
            local b = assert(rcs.send{ to = "+33612345678", card = card, external_id = "parcel-42" })
            local c = assert(rcs.send{ to = "+33612345678", card = card, external_id = "parcel-42" })
            stops.add("+33612345679")
            local d, err = rcs.send{ to = "+33612345679", text = "Hello" }
            return a.status, a.encoding, b.status, c.already_processed, d, err.code
            """)
        #expect(results == [.text("accepted"), .text("RCS"), .text("accepted"), .boolean(true), .nil, .text("opted_out")])
        let sent = try await t.host.services.sandbox().sandboxMessages()
        #expect(sent.map(\.body) == ["Votre colis arrive", "[card] Colis 42 — Livré demain"])
        #expect(sent.allSatisfy { $0.encoding == "RCS" })
        let rows = try await t.host.store.outboxRows()
        #expect(rows.filter { $0.payload != nil }.count == 3)
        #expect(rows.contains { $0.status == .blocked && $0.to == "+33612345679" })
    }

    @Test("a marketing RCS send outside the window is deferred like an SMS")
    func window() async throws {
        // Sunday 2026-11-22 15:00 Paris.
        let t = try TestHost(clock: ManualTimeSource(Date(timeIntervalSince1970: 1_795_356_000)))
        defer { t.cleanUp() }
        let results = try await t.run(
            #"local m = assert(rcs.send{ to = "+33612345678", text = "Soldes !", class = "marketing" }) return m.status, m.send_at"#)
        #expect(results == [.text("deferred"), .text("2026-11-23T07:00:00Z")])
        #expect(try await t.host.services.sandbox().sandboxMessages().isEmpty)
    }

    @Test("misuse raises with the field at fault", arguments: [
        (#"rcs.send{ to = "+33612345678" }"#, "give the content"),
        (#"rcs.send{ to = "+33612345678", text = "a", card = {} }"#, "not text and card"),
        (#"rcs.send{ to = "+33612345678", card = { title = "x" } }"#, "'media' must be the http(s) URL"),
        (#"rcs.send{ to = "+33612345678", carousel = { { media = "https://x.io/a.jpg", title = "a" } } }"#, "2 to 10 cards"),
        (#"rcs.send{ to = "+33612345678", card = { media = "https://x.io/a.jpg", title = "a", buttons = { { type = "sms", title = "x" } } } }"#, "'type' must be"),
        (#"rcs.send{ to = "+33612345678", text = "a", fallback = string.rep("a", 2001) }"#, "the fallback SMS"),
    ])
    func misuse(source: String, expected: String) async throws {
        let t = try TestHost()
        defer { t.cleanUp() }
        await #expect {
            try await t.run(source)
        } throws: { error in
            (error as? LuaError)?.message.contains(expected) == true
        }
    }

    @Test("Conexteo sends it over HTTP (POST /messages/rcs); Conerix answers not_supported", arguments: ["conexteo", "conerix"])
    func providers(provider: String) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("moonwire-rcs-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try SQLiteStore(path: directory.appendingPathComponent("provider.db").path)
        let server = try await SandboxServer(store: try store.sandbox(), configuration: .init(port: 0)).start()
        let environment = [
            "CONEXTEO_API_KEY": "sandbox", "CONEXTEO_BASE_URL": server.conexteoBaseURL,
            "CONERIX_API_KEY": "sandbox", "CONERIX_BASE_URL": server.conerixBaseURL,
        ]
        let output = PrintedOutput()
        let host = try ScriptHost(
            configuration: EngineConfiguration(
                databasePath: directory.appendingPathComponent("host.db").path, provider: provider,
                output: { output.text += $0 }, environment: environment))
        let url = directory.appendingPathComponent("rcs.lua")
        try #"""
            local m, err = rcs.send{ to = "+33612345678", text = "Bonjour", fallback = { body = "Bonjour (SMS)", from = "ACME" } }
            if m then return m.status, m.encoding end
            return nil, err.code, err.message
            """#.write(to: url, atomically: true, encoding: .utf8)
        let results = try await host.runFile(url.path)
        await server.stop()
        if provider == "conexteo" {
            #expect(results == [.text("accepted"), .text("RCS")])
            let sent = try await store.sandbox().sandboxMessages()
            #expect(sent.map(\.body) == ["Bonjour"] && sent.first?.from == "ACME")
        } else {
            #expect(results.prefix(2) == [.nil, .text("not_supported")])
            #expect(try await store.sandbox().sandboxMessages().isEmpty)
        }
    }
}
