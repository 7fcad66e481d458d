import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import Providers
import SandboxStore
import Storage
import StoreSQLite
import TestSupport
import Testing

@Suite("moonwire serve --http: provider webhooks and delivery reports", .serialized, .processSlot)
struct WebhookTests {
    static let plugin = """
        on.delivery(function(d)
          print(string.format("DELIVERY %s %s %s %s", d.id, d.to, d.status, tostring(d.external_id)))
        end)
        on.reply(function(r) assert(r:reply("Bien reçu : " .. r.body)) end)
        """

    func plugins(_ p: MoonwireProcess) throws -> String {
        let directory = p.directory.appendingPathComponent("plugins")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try Self.plugin.write(to: directory.appendingPathComponent("deliveries.lua"), atomically: true, encoding: .utf8)
        return directory.path
    }

    /// The port serve printed on its "webhooks on http://host:port" line.
    func port(of serve: ServeProcess) throws -> Int {
        let line = try #require(serve.text.split(separator: "\n").first { $0.contains("webhooks on http://") })
        let address = try #require(line.split(separator: " ").first { $0.hasPrefix("http://") })
        return try #require(address.split(separator: ":").last.flatMap { Int($0) })
    }

    func post(_ url: String, body: String, headers: [(String, String)] = []) async throws -> (status: Int, body: String) {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        request.body = .bytes(ByteBuffer(string: body))
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        let bytes = try await response.body.collect(upTo: 1 << 20)
        return (Int(response.status.code), String(buffer: bytes))
    }

    @Test("Conexteo reply webhook: stored once, answered once; a bad token, garbage or a huge body are refused")
    func conexteoReplies() async throws {
        let p = try MoonwireProcess()
        defer { p.cleanUp() }
        let serve = try await ServeProcess(
            p, arguments: ["--plugins", try plugins(p), "--http", "0"], environment: ["CONEXTEO_WEBHOOK_TOKEN": "s3cret"],
            ready: "webhooks on")
        defer { serve.stop() }
        let url = "http://127.0.0.1:\(try port(of: serve))/webhooks/conexteo"
        let reply = #"{"data":[{"id":"r-1","content":"Bonjour","from":"06 12 34 56 78","created_at":"2026-11-23T10:00:00Z"}]}"#
        let first = try await post(url + "?token=s3cret", body: reply)
        #expect(first.status == 200 && first.body.contains(#""stored":1"#))
        let again = try await post(url + "?token=s3cret", body: reply)  // the provider retries
        #expect(again.status == 200 && again.body.contains(#""duplicates":1"#))
        #expect(try await post(url + "?token=wrong", body: reply).status == 401)
        #expect(try await post(url, body: reply).status == 401)
        let garbage = try await post(url + "?token=s3cret", body: "<html>oops</html>")
        #expect(garbage.status == 400 && garbage.body.contains("invalid_webhook"))
        let noSender = try await post(url + "?token=s3cret", body: #"{"content":"x"}"#)
        #expect(noSender.status == 400 && noSender.body.contains("sender"))
        let badNumber = try await post(url + "?token=s3cret", body: #"{"content":"x","from":"hello"}"#)
        #expect(badNumber.status == 400 && badNumber.body.contains("hello"))
        // One unreadable item does not lose the others of its batch.
        let mixed = try await post(
            url + "?token=s3cret",
            body: #"{"data":[{"id":"r-2","content":"Et moi ?","from":"+33612345679"},{"id":"r-3","from":"+33612345670"}]}"#)
        #expect(mixed.status == 200 && mixed.body.contains(#""stored":1"#) && mixed.body.contains("reply #2 has no `content`"))
        let huge = try await post(url + "?token=s3cret", body: String(repeating: "x", count: 2 << 20))
        #expect(huge.status == 413)
        // Conerix's route is off without its secret, and says how to turn it on.
        let conerix = try await post("http://127.0.0.1:\(try port(of: serve))/webhooks/conerix", body: "{}")
        #expect(conerix.status == 503 && conerix.body.contains("CONERIX_WEBHOOK_SECRET"))

        let answered = try await p.waitFor { try await $0.sandbox().sandboxMessages().count == 2 }
        #expect(answered, "serve said: \(serve.text)")
        #expect(try await p.sent(to: "+33612345678").map(\.body) == ["Bien reçu : Bonjour"])
        #expect(try await p.sent(to: "+33612345679").map(\.body) == ["Bien reçu : Et moi ?"])
        let inbound = try await p.store().recentInbound()
        #expect(inbound.map(\.providerID) == ["r-2", "r-1"])
        // The sandbox reports the answer delivered, and the plugin's on.delivery sees it.
        #expect(await serve.waitForOutput { $0.contains("DELIVERY sbx_") && $0.contains(" delivered in:") })
        #expect(serve.process.isRunning)
    }

    @Test("Conerix events from sandbox serve's emulation reach on.delivery through a verified signature; a forged one does not")
    func conerixEvents() async throws {
        let provider = try MoonwireProcess()
        let engine = try MoonwireProcess()
        defer {
            provider.cleanUp()
            engine.cleanUp()
        }
        let server = try await ServeProcess(provider, command: ["sandbox", "serve"], arguments: ["--port", "0"], ready: "Faults:")
        defer { server.stop() }
        let base = try #require(
            server.text.split(separator: "\n").first { $0.contains("Conerix:") }?.split(separator: " ").last.map(String.init))
        // The engine's port must be known before the endpoint is created: take a free one.
        let enginePort = try FreePort.take()
        var create = HTTPClientRequest(url: base + "/v1/webhooks/create")
        create.method = .POST
        create.headers.add(name: "Authorization", value: "Bearer sandbox")
        create.headers.add(name: "Content-Type", value: "application/json")
        create.body = .bytes(
            ByteBuffer(
                string: #"{"url":"http://127.0.0.1:\#(enginePort)/webhooks/conerix","description":"moonwire","events":["message.sent","message.delivered","message.failed"]}"#
            ))
        let created = try await HTTPClient.shared.execute(create, timeout: .seconds(30))
        let createdBody = String(buffer: try await created.body.collect(upTo: 1 << 20))
        let secret = try #require(
            createdBody.components(separatedBy: "\"signing_secret\":\"").dropFirst().first?.split(separator: "\"").first
                .map(String.init), "create answered \(createdBody)")

        let environment = [
            "MOONWIRE_PROVIDER": "conerix", "CONERIX_API_KEY": "sandbox", "CONERIX_BASE_URL": base,
            "CONERIX_WEBHOOK_SECRET": secret,
        ]
        let serve = try await ServeProcess(
            engine, arguments: ["--plugins", try plugins(engine), "--http", String(enginePort)], environment: environment,
            ready: "webhooks on")
        defer { serve.stop() }
        var sender = engine
        sender.environment.merge(environment) { $1 }
        let sent = try await sender.run(["send", "--to", "+33612345678", "--body", "Votre colis arrive", "--json"])
        #expect(sent.status == 0, "send said: \(sent.stderr)")
        // The emulation posts the delivered event after the sent one; in one stressed run of
        // twenty it came after 30 s (and the outbox row did become delivered): wait longer.
        let delivered = await serve.waitForOutput(timeout: 120) {
            $0.contains("+33612345678 sent cli-") && $0.contains("+33612345678 delivered cli-")
        }
        #expect(delivered, "serve said: \(serve.text)")
        #expect(try await engine.waitFor { try await $0.outboxRows().first?.deliveryStatus == .delivered })

        // A forged event (signed with another secret) is refused and stores nothing.
        let body = #"{"id":"evt_forged","object":"event","type":"message.failed","created_at":"2026-11-23T10:00:00Z","data":{"id":"msg_x","object":"message","to":"+33612345678","from":"ACME","status":"failed"}}"#
        let forged = ConerixSignature.sign(
            payload: Array(body.utf8), secret: ProviderSecret("whsec_wrong"), timestamp: Int(Date().timeIntervalSince1970))
        let refused = try await post(
            "http://127.0.0.1:\(enginePort)/webhooks/conerix", body: body, headers: [(ConerixSignature.headerName, forged)])
        #expect(refused.status == 400 && refused.body.contains("bad_signature"))
        #expect(try await engine.store().recentDeliveries().allSatisfy { $0.eventID != "evt_forged" })
        #expect(serve.process.isRunning)
    }
}
