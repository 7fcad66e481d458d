import Foundation
import SandboxStore
import Storage
import StorageBackends
import Testing

/// `moonwire test` migrates one in-memory database per process and gives each test a copy.
@Suite("An in-memory template database and its copies")
struct MemoryTemplateTests {
    static let now = Date(timeIntervalSince1970: 1_790_000_000)

    @Test("a copy has the engine's and the sandbox's tables without migrating, and shares no row with the template or another copy")
    func copiesAreMigratedAndSeparate() async throws {
        let template = try StorageBackends.memoryTemplate()
        #expect(!template.engine.migrationsApplied.isEmpty)
        let first = try StorageBackends(copying: template)
        let second = try StorageBackends(copying: template)
        #expect(first.engine.migrationsApplied.isEmpty)
        #expect(second.engine.migrationsApplied.isEmpty)

        _ = try await first.engine.saveContact(ContactRow(phone: "+33612345678", firstName: "Ana", createdAt: Self.now), lists: [])
        _ = try await first.sandbox().injectSandboxReply(from: "+33612345678", body: "OUI", receivedAt: Self.now)
        #expect(try await first.engine.contact("+33612345678")?.firstName == "Ana")
        #expect(try await first.sandbox().sandboxReplies().map(\.body) == ["OUI"])

        for other in [second, template] {
            #expect(try await other.engine.contact("+33612345678") == nil)
            #expect(try await other.sandbox().sandboxReplies().isEmpty)
        }
        // A copy made after a write to another copy starts empty too: the template never changes.
        let third = try StorageBackends(copying: template)
        #expect(try await third.engine.contact("+33612345678") == nil)
    }

    @Test("a recycled database comes back empty, its ids starting at 1 again; one something still holds is not reused")
    func recycledDatabasesAreEmptyAndUnshared() async throws {
        let recycler = try MemoryDatabaseRecycler()
        var loan: MemoryDatabaseRecycler.Loan
        do {
            let (backends, lent) = try recycler.take()
            loan = lent
            _ = try await backends.engine.saveContact(ContactRow(phone: "+33612345678", firstName: "Ana", createdAt: Self.now), lists: [])
            _ = try await backends.sandbox().injectSandboxReply(from: "+33612345678", body: "one", receivedAt: Self.now)
            _ = try await backends.sandbox().injectSandboxReply(from: "+33612345678", body: "two", receivedAt: Self.now)
        }
        recycler.recycle(loan)
        #expect(recycler.idleCount == 1)

        let (reused, held) = try recycler.take()
        #expect(recycler.idleCount == 0)
        #expect(try await reused.engine.contact("+33612345678") == nil)
        #expect(try await reused.sandbox().sandboxReplies().isEmpty)
        let first = try await reused.sandbox().injectSandboxReply(from: "+33612345678", body: "again", receivedAt: Self.now)
        #expect(first.seq == 1)
        // Still held (as by a task a test left behind): given back, it is not kept for another test.
        recycler.recycle(held)
        #expect(recycler.idleCount == 0)
        #expect(try await reused.sandbox().sandboxReplies().map(\.body) == ["again"])
    }
}
