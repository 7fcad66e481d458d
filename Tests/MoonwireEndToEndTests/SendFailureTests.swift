import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import SandboxStore
import Storage
import StoreSQLite
import Testing

@Suite("What a failed send leaves in the outbox, against sandbox serve with faults", .serialized, .processSlot)
struct SendFailureTests {
    /// Starts `sandbox serve` and queues `fault` on it; returns the server and its printed base URLs.
    func faultyServer(_ p: MoonwireProcess, fault: String) async throws -> (ServeProcess, conexteo: String, conerix: String) {
        let server = try await ServeProcess(p, command: ["sandbox", "serve"], arguments: ["--port", "0"], ready: "Faults:")
        func url(_ label: String) throws -> String {
            try #require(server.text.split(separator: "\n").first { $0.contains(label) }?.split(separator: " ").last.map(String.init))
        }
        let conexteo = try url("Conexteo:")
        let control = conexteo.replacingOccurrences(of: "/conexteo", with: "/_sandbox/faults")
        var request = HTTPClientRequest(url: control)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.body = .bytes(ByteBuffer(string: fault))
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        #expect(response.status.code == 201 || response.status.code == 200)
        return (server, conexteo, try url("Conerix:"))
    }

    @Test("Conexteo keeps answering 503: the send stays queued for a later try (the key makes that safe)")
    func retryable() async throws {
        let provider = try MoonwireProcess()
        var engine = try MoonwireProcess()
        defer {
            provider.cleanUp()
            engine.cleanUp()
        }
        let (server, conexteo, _) = try await faultyServer(provider, fault: #"{"count": 20, "status": 503, "path_prefix": "/conexteo"}"#)
        defer { server.stop() }
        engine.environment.merge(["MOONWIRE_PROVIDER": "conexteo", "CONEXTEO_API_KEY": "sandbox", "CONEXTEO_BASE_URL": conexteo]) { $1 }
        let sent = try await engine.run(["send", "--to", "+33612345678", "--body", "Bonjour"])
        #expect(sent.status == 1 && sent.stderr.contains("queued"), "stderr: \(sent.stderr)")
        let row = try #require(try await engine.store().outboxRows().first)
        #expect(row.status == .pending && row.attempts == 1 && row.errorCode != nil)
        #expect(row.notBefore.timeIntervalSince(row.updatedAt) >= 29)  // the first step of the ladder: 30 s
        #expect(try await provider.store().sandbox().sandboxMessages().isEmpty)
    }

    @Test("Conerix answers 500 to a send it cannot dedup: the row is unknown, never sent again")
    func outcomeUnknown() async throws {
        let provider = try MoonwireProcess()
        var engine = try MoonwireProcess()
        defer {
            provider.cleanUp()
            engine.cleanUp()
        }
        let (server, _, conerix) = try await faultyServer(provider, fault: #"{"count": 1, "status": 500, "path_prefix": "/conerix"}"#)
        defer { server.stop() }
        engine.environment.merge(["MOONWIRE_PROVIDER": "conerix", "CONERIX_API_KEY": "sandbox", "CONERIX_BASE_URL": conerix]) { $1 }
        let sent = try await engine.run(["send", "--to", "+33612345678", "--body", "Bonjour"])
        #expect(sent.status == 1 && sent.stderr.contains("outcome_unknown"), "stderr: \(sent.stderr)")
        #expect(try await engine.store().outboxRows().map(\.status) == [.unknown])
        // A later dispatch pass does not try it again.
        let serve = try await ServeProcess(engine, arguments: ["--plugins", engine.directory.path])
        try await Task.sleep(for: .milliseconds(500))  // a few passes of its dispatch loop
        serve.stop()
        #expect(try await engine.store().outboxRows().map(\.status) == [.unknown])
        #expect(try await provider.store().sandbox().sandboxMessages().isEmpty)
    }
}
