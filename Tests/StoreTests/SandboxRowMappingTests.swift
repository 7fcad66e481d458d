import Foundation
import GRDB
import SandboxStore
import Storage
import StorageBackends
import Testing

/// The sandbox's rows keep the columns they had when they were GRDB Codable records (issue 17),
/// so a database written before the split reads the same and a new one is written the same.
@Suite("Sandbox rows map to the columns earlier releases wrote")
struct SandboxRowMappingTests {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("moonwire-rows-\(UUID().uuidString)")
    var path: String { directory.appendingPathComponent("moonwire.db").path }

    func column(_ sql: String) throws -> String? {
        try DatabaseQueue(path: path).read { db in try String.fetchOne(db, sql: sql) }
    }

    @Test("a webhook endpoint's events are a JSON array; one stored that way by an earlier release reads back")
    func webhookEndpointEvents() async throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try StorageBackends.sandbox(location: path)
        let created = Date(timeIntervalSince1970: 1_790_000_000)
        try await store.insertSandboxWebhookEndpoint(
            SandboxWebhookEndpoint(
                id: "whe_new", url: "http://127.0.0.1:9/hook", description: "new", events: ["message.sent", "message/odd"],
                signingSecret: "whsec_x", isActive: true, createdAt: created))
        #expect(try column("SELECT events FROM sandbox_webhook_endpoint WHERE id = 'whe_new'") == #"["message.sent","message\/odd"]"#)
        #expect(try column("SELECT created_at FROM sandbox_webhook_endpoint WHERE id = 'whe_new'") == "2026-09-21 14:13:20.000")

        try await DatabaseQueue(path: path).write { db in
            try db.execute(sql: """
                INSERT INTO sandbox_webhook_endpoint (id, url, description, events, signing_secret, is_active, created_at)
                VALUES ('whe_old', 'http://127.0.0.1:9/old', 'old', '["message.delivered","message.failed"]', 'whsec_y', 0,
                        '2026-09-21 14:13:21.000')
                """)
        }
        let endpoints = try await store.sandboxWebhookEndpoints()
        #expect(endpoints.map(\.id) == ["whe_new", "whe_old"])
        #expect(endpoints[0].events == ["message.sent", "message/odd"])
        #expect(endpoints[1].events == ["message.delivered", "message.failed"])
        #expect(endpoints[1].isActive == false)
        #expect(endpoints[1].createdAt == created.addingTimeInterval(1))
    }

    @Test("a Conexteo send's enums are their raw text; a value no release wrote is a corrupt row, not a crash")
    func conexteoSendEnums() async throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try StorageBackends.sandbox(location: path)
        let now = Date(timeIntervalSince1970: 1_790_000_000)
        let send = SandboxConexteoSend(
            id: "sbx_send", channel: .rcs, content: "hi", sender: "ACME", state: .scheduled, recipientsCount: 1,
            creditsRequired: 2, smsCount: 1, scheduleAt: now.addingTimeInterval(60), createdAt: now)
        let message = SandboxMessage(
            id: "sbx_send", to: "+33612345678", from: "ACME", body: "hi", encoding: "RCS", segments: 1, status: "accepted",
            externalID: nil, createdAt: now)
        _ = try await store.recordSandboxSend([message], conexteoSend: send)
        #expect(try column("SELECT type || '/' || state FROM sandbox_conexteo_send") == "rcs/scheduled")
        #expect(try await store.sandboxConexteoSend(id: "sbx_send") == send)

        try await DatabaseQueue(path: path).write { db in try db.execute(sql: "UPDATE sandbox_conexteo_send SET state = 'paused'") }
        let error = await #expect(throws: StorageError.self) { try await store.sandboxConexteoSend(id: "sbx_send") }
        #expect(error?.code == .corruptRow)
    }
}
