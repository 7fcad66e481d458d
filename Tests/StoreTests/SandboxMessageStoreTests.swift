import Foundation
import SandboxStore
import Storage
import StorageBackends
import StoreSQLite
import Testing

@Suite("Sandbox messages on every backend")
struct SandboxMessageStoreTests {
    func message(_ id: String, externalID: String? = nil, at seconds: TimeInterval = 0) -> SandboxMessage {
        SandboxMessage(
            id: id, to: "+33612345678", from: "ACME", body: "Hello \(id)", encoding: "GSM-7", segments: 1,
            status: "accepted", externalID: externalID, createdAt: Date(timeIntervalSince1970: 1_790_000_000 + seconds))
    }

    @Test("messages survive closing and reopening the database, oldest first", arguments: SandboxKind.allCases)
    func persists(kind: SandboxKind) async throws {
        let opened = try await kind.open()
        defer { opened.remove() }
        do {
            let store = opened.store
            _ = try await store.insertSandboxMessage(message("sbx_b", at: 2))
            _ = try await store.insertSandboxMessage(message("sbx_a", at: 1))
        }
        let reopened = try opened.another()
        let all = try await reopened.sandboxMessages()
        #expect(all.map(\.id) == ["sbx_a", "sbx_b"])
        #expect(all[0].body == "Hello sbx_a")
        #expect(all[0].createdAt == Date(timeIntervalSince1970: 1_790_000_001))
        #expect(try await reopened.sandboxMessages(limit: 1).map(\.id) == ["sbx_b"])
        #expect(try await reopened.sandboxMessage(id: "sbx_b")?.from == "ACME")
        #expect(try await reopened.sandboxMessage(id: "sbx_missing") == nil)
    }

    @Test("a second message with the same external id is not stored; the first is returned", arguments: SandboxKind.allCases)
    func dedupsByExternalID(kind: SandboxKind) async throws {
        let opened = try await kind.open()
        defer { opened.remove() }
        let store = opened.store
        let first = try await store.insertSandboxMessage(message("sbx_1", externalID: "order-42"))
        let second = try await store.insertSandboxMessage(message("sbx_2", externalID: "order-42"))
        #expect(first == .inserted(message("sbx_1", externalID: "order-42")))
        #expect(second == .alreadyProcessed(message("sbx_1", externalID: "order-42")))
        #expect(try await store.sandboxMessages().count == 1)
    }

    @Test("concurrent sends with one external id store exactly one message", arguments: SandboxKind.allCases)
    func concurrentDedup(kind: SandboxKind) async throws {
        let opened = try await kind.open()
        defer { opened.remove() }
        let store = opened.store
        let outcomes = try await withThrowingTaskGroup(of: SandboxInsert.self) { group in
            for i in 0..<20 { group.addTask { try await store.insertSandboxMessage(message("sbx_\(i)", externalID: "k")) } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        let inserted = outcomes.filter { if case .inserted = $0 { true } else { false } }
        #expect(inserted.count == 1)
        #expect(try await store.sandboxMessages().count == 1)
    }

    @Test("delivery reports come once per message, in order, from a position on", arguments: SandboxKind.allCases)
    func deliveryReports(kind: SandboxKind) async throws {
        let opened = try await kind.open()
        defer { opened.remove() }
        let store = opened.store
        for i in 0..<5 { _ = try await store.insertSandboxMessage(message("sbx_\(i)", at: TimeInterval(i))) }
        let first = try await store.deliveryReports(after: 0, limit: 3)
        #expect(first.map(\.messageID) == ["sbx_0", "sbx_1", "sbx_2"])
        #expect(first.map(\.occurredAt) == (0..<3).map { Date(timeIntervalSince1970: 1_790_000_000 + TimeInterval($0)) })
        let rest = try await store.deliveryReports(after: try #require(first.last?.position))
        #expect(rest.map(\.messageID) == ["sbx_3", "sbx_4"])
        #expect(try await store.deliveryReports(after: try #require(rest.last?.position)).isEmpty)
        #expect(try await store.sandboxMessages().map(\.status) == Array(repeating: "delivered", count: 5))
    }

    @Test("a file that is not a database gives an error naming it and MOONWIRE_DB")
    func notADatabase() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("moonwire-store-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let junk = directory.appendingPathComponent("junk.db")
        try Data(repeating: 0x41, count: 4096).write(to: junk)
        let error = #expect(throws: StorageError.self) { try SQLiteStore(path: junk.path) }
        #expect(error?.code == .openFailed)
        #expect(error?.message.contains(junk.path) == true)
        #expect(error?.message.contains("MOONWIRE_DB") == true)
    }

    @Test("MOONWIRE_DB picks the file; unset or empty means ./moonwire.db")
    func defaultPath() {
        #expect(StorageBackends.defaultLocation(environment: ["MOONWIRE_DB": "/tmp/x.db"]) == "/tmp/x.db")
        #expect(StorageBackends.defaultLocation(environment: ["MOONWIRE_DB": ""]) == "moonwire.db")
        #expect(StorageBackends.defaultLocation(environment: [:]) == "moonwire.db")
    }

    @Test("message ids: sbx_ and 20 hex digits, distinct, and later ones sort later")
    func ids() {
        let base = Date(timeIntervalSince1970: 1_795_000_000)
        // Many in one millisecond, then one a millisecond later.
        let sameInstant = (0..<10_000).map { _ in SandboxMessage.makeID(now: base) }
        let later = SandboxMessage.makeID(now: base.addingTimeInterval(0.001))
        let hex = Set("0123456789abcdef")
        #expect(sameInstant.allSatisfy { $0.count == 24 && $0.hasPrefix("sbx_") && $0.dropFirst(4).allSatisfy(hex.contains) })
        #expect(Set(sameInstant).count == sameInstant.count)
        #expect(sameInstant.allSatisfy { $0 < later })
    }
}
