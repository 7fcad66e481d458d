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
}
