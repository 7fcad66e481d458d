import Foundation
import SandboxStore
import Storage
import StorageBackends
import StorePostgres
import TestSupport
import Testing

/// The sandbox's store on PostgreSQL beyond what every backend shares: when its tables are
/// made, how several processes migrate them, and what a read-only open does.
@Suite("The sandbox's store on PostgreSQL")
struct PostgresSandboxStoreTests {
    static let now = Date(timeIntervalSince1970: 1_790_000_000)

    @Test("the sandbox's tables are made on first use only; before that a read-only open is not_found")
    func tablesOnFirstUse() async throws {
        let url = try await PostgresTestServer.server().createDatabase()
        // The engine alone, as on a real provider: no sandbox tables.
        let backends = try StorageBackends(location: url)
        let before = #expect(throws: StorageError.self) { try StorageBackends.sandbox(location: url, readOnly: true) }
        #expect(before?.code == .notFound)
        #expect(before?.message.contains("no sandbox tables") == true, "\(before?.message ?? "")")

        _ = try await backends.sandbox().insertSandboxReply(
            SandboxReply(id: "rpl_1", from: "+33612345678", to: "ACME", body: "Oui", receivedAt: Self.now))
        let reader = try StorageBackends.sandbox(location: url, readOnly: true)
        #expect(try await reader.sandboxReplies().map(\.body) == ["Oui"])
        let write = await #expect(throws: StorageError.self) {
            try await reader.setSandboxCredits(account: "conexteo", balance: 1)
        }
        #expect(write?.message.contains("read-only") == true, "\(write?.message ?? "")")
        // The engine's read-only view reaches the sandbox's tables the same way.
        let listing = try StorageBackends(location: url, readOnly: true)
        #expect(try await listing.sandbox().sandboxReplyCount() == 1)
    }

    @Test("four processes opening the sandbox together on a new database migrate it once")
    func concurrentMigrations() async throws {
        let url = try await PostgresTestServer.server().createDatabase()
        let opened = await withTaskGroup(of: Bool.self) { group in
            for i in 0..<4 {
                group.addTask {
                    // Half beside the engine's store, half alone, as serve and `moonwire sandbox` do.
                    if i.isMultiple(of: 2) { return (try? StorageBackends(location: url).sandbox()) != nil }
                    return (try? PostgresSandboxStore(url: url)) != nil
                }
            }
            return await group.reduce(into: 0) { count, ok in count += ok ? 1 : 0 }
        }
        #expect(opened == 4)
        #expect(try await PostgresSandboxStore(url: url, readOnly: true).sandboxMessages().isEmpty)
    }

    @Test("a vocabulary value no release wrote is a corrupt row, not a crash")
    func unknownVocabulary() async throws {
        let server = try await PostgresTestServer.server()
        let url = try await server.createDatabase()
        let store = try PostgresSandboxStore(url: url)
        let send = SandboxConexteoSend(
            id: "sbx_send", channel: .rcs, content: "hi", sender: "ACME", state: .scheduled, recipientsCount: 1,
            creditsRequired: 2, smsCount: 1, scheduleAt: Self.now.addingTimeInterval(60), createdAt: Self.now)
        let message = SandboxMessage(
            id: "sbx_send", to: "+33612345678", from: "ACME", body: "hi", encoding: "RCS", segments: 1, status: "accepted",
            externalID: nil, createdAt: Self.now)
        _ = try await store.recordSandboxSend([message], conexteoSend: send)
        #expect(try await store.sandboxConexteoSend(id: "sbx_send") == send)
        #expect(try await store.sandboxConexteoRecipients(sendID: "sbx_send", channel: .rcs, offset: 0, limit: 5).total == 1)
        try await server.psql("UPDATE sandbox_conexteo_send SET state = 'paused'", database: try PostgresLocation(url: url).database)
        let error = await #expect(throws: StorageError.self) { try await store.sandboxConexteoSend(id: "sbx_send") }
        #expect(error?.code == .corruptRow)
        #expect(error?.message.contains("paused") == true)
    }
}
