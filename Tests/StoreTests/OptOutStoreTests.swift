import Foundation
import SandboxStore
import Storage
import StoreSQLite
import Testing

@Suite("An opt-out reply's effect in one transaction")
struct OptOutStoreTests {
    func confirmation(_ key: String, now: Date) -> OutboxRow {
        OutboxRow(
            dedupKey: key, to: "+33612345678", from: nil, body: "Vous ne recevrez plus de SMS.", sendClass: .policy,
            origin: .policy, status: .pending, notBefore: now, segments: 1, encoding: .gsm7, createdAt: now)
    }

    @Test("STOP queues its confirmation with the list change; a re-run after a crash finds it; a second STOP queues none")
    func stop() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("moonwire-optout-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try SQLiteStore(path: directory.appendingPathComponent("moonwire.db").path)
        let now = Date(timeIntervalSince1970: 1_795_000_000)
        let first = try await store.applyOptOut(
            "+33612345678", stop: true, source: .keyword, confirmation: confirmation("stop:in:1", now: now), now: now)
        #expect(first.changed && first.confirmation?.status == .pending)
        #expect(try await store.isStopped("+33612345678"))
        // The same reply routed again (the process died before sending): same row, still to send.
        let rerun = try await store.applyOptOut(
            "+33612345678", stop: true, source: .keyword, confirmation: confirmation("stop:in:1", now: now), now: now)
        #expect(!rerun.changed && rerun.confirmation?.id == first.confirmation?.id)
        // Another STOP from a stopped number: nothing to confirm.
        let again = try await store.applyOptOut(
            "+33612345678", stop: true, source: .keyword, confirmation: confirmation("stop:in:2", now: now), now: now)
        #expect(!again.changed && again.confirmation == nil)
        #expect(try await store.outboxRows().map(\.dedupKey) == ["stop:in:1"])
    }
}
