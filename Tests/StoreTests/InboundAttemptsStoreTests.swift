import Foundation
import Storage
import StoreSQLite
import Testing

@Suite("Inbound attempts, deferrals and poisoned messages")
struct InboundAttemptsStoreTests {
    func makeStore() throws -> (SQLiteStore, URL) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("moonwire-attempts-\(UUID().uuidString)")
        return (try SQLiteStore(path: directory.appendingPathComponent("moonwire.db").path), directory)
    }

    func record(_ store: SQLiteStore, _ bodies: [String]) async throws -> [Int64] {
        let rows = bodies.enumerated().map { i, body in
            InboundRow(provider: "sandbox", providerID: "r\(i)", from: "+3361234567\(i)", to: "ACME", body: body, receivedAt: Date())
        }
        return try await store.recordInbound(rows).compactMap(\.id)
    }

    @Test("a deferred message is not pending until its time; a storage fault's deferral gives the attempt back")
    func deferral() async throws {
        let (store, directory) = try makeStore()
        defer { try? FileManager.default.removeItem(at: directory) }
        let ids = try await record(store, ["LOOP", "hello"])
        #expect(try await store.beginInboundAttempt(id: ids[0], claim: WorkClaim(worker: "test", until: Date() + 300)) == 1)
        try await store.deferInbound(
            id: ids[0], retryAt: Date().addingTimeInterval(3600), error: "stopped", plugins: ["a.lua"], countsAsAttempt: true)
        #expect(try await store.pendingInbound().compactMap(\.id) == [ids[1]])
        #expect(try await store.pendingInbound(limit: 256, now: Date().addingTimeInterval(7200)).compactMap(\.id) == ids)
        #expect(try await store.inboundRetries(id: ids[0]) == 1)
        #expect(try await store.beginInboundAttempt(id: ids[0], claim: WorkClaim(worker: "test", until: Date() + 300)) == 2)
        try await store.deferInbound(id: ids[0], retryAt: Date(), error: "database is locked", plugins: [], countsAsAttempt: false)
        #expect(try await store.beginInboundAttempt(id: ids[0], claim: WorkClaim(worker: "test", until: Date() + 300)) == 2)  // the busy attempt was given back
    }

    @Test("a poisoned message is listed and not routed; retry makes it pending with a fresh count; other ids are refused")
    func poisonAndRetry() async throws {
        let (store, directory) = try makeStore()
        defer { try? FileManager.default.removeItem(at: directory) }
        let ids = try await record(store, ["LOOP", "hello"])
        try await store.poisonInbound(
            id: ids[0], error: "a.lua handler registered at plugins/a.lua:1: budget", plugins: ["a.lua", "b.lua"], attempts: 3,
            now: Date())
        #expect(try await store.pendingInbound().compactMap(\.id) == [ids[1]])
        #expect(try await store.beginInboundAttempt(id: ids[0], claim: WorkClaim(worker: "test", until: Date() + 300)) == nil)  // not pending: nothing counted
        let listed = try await store.poisonedInbound()
        #expect(listed.map(\.id) == [ids[0]])
        #expect(listed.first?.plugins == "a.lua,b.lua")
        #expect(listed.first?.attempts == 3)
        #expect(listed.first?.body == "LOOP")
        #expect(listed.first?.setAsideAt != nil)
        #expect(try await store.recentInbound().first { $0.id == ids[0] }?.status == .poisoned)

        #expect(try await store.retryPoisonedInbound(ids: [ids[1]]).isEmpty)  // not poisoned
        #expect(try await store.retryPoisonedInbound(ids: nil) == [ids[0]])
        #expect(try await store.poisonedInbound().isEmpty)
        #expect(try await store.pendingInbound().compactMap(\.id) == ids)
        #expect(try await store.beginInboundAttempt(id: ids[0], claim: WorkClaim(worker: "test", until: Date() + 300)) == 1)
    }
}
