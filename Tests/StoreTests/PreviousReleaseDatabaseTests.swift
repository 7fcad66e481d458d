import Foundation
import GRDB
import SandboxStore
import Storage
import StorageBackends
import Testing

@Suite("A database written by the previous release opens, migrates and carries on")
struct PreviousReleaseDatabaseTests {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("moonwire-previous-\(UUID().uuidString)")
    var path: String { directory.appendingPathComponent("moonwire.db").path }

    /// A send waiting, a send to a number that replied STOP, a sleeping run whose wake-up
    /// passed, and a message the sandbox accepted, as the previous release stored them.
    static let seed = """
        INSERT INTO outbox (dedup_key, to_number, sender, body, class, origin, status, not_before, attempts, segments, encoding,
          created_at, updated_at)
        VALUES ('cli:1', '+33600000001', 'ACME', 'Bonjour', 'transactional', 'cli', 'pending', '2026-11-23 09:00:00.000', 0, 1,
          'GSM-7', '2026-11-23 09:00:00.000', '2026-11-23 09:00:00.000'),
          ('cli:2', '+33600000002', 'ACME', 'Soldes', 'marketing', 'cli', 'pending', '2026-11-23 09:00:00.000', 0, 1,
          'GSM-7', '2026-11-23 09:00:00.000', '2026-11-23 09:00:00.000'),
          ('flow:7:3', '+33600000003', 'ACME', 'Alors ?', 'marketing', 'flow:7', 'deferred', '2026-11-24 09:00:00.000', 0, 1,
          'GSM-7', '2026-11-23 08:00:00.000', '2026-11-23 08:00:00.000');
        INSERT INTO stop (phone, source, created_at) VALUES ('+33600000002', 'keyword', '2026-11-22 10:00:00.000');
        INSERT INTO flow_run (id, flow, phone, status, source_hash, vars, contact, next_wake, origin, created_at, updated_at)
        VALUES (7, 'welcome_drip', '+33600000003', 'sleeping', 'abc', '{}', '{}', '2026-11-23 08:00:00.000', 'lua',
          '2026-11-20 08:00:00.000', '2026-11-20 08:00:00.000');
        INSERT INTO flow_journal (run_id, step, kind, args, result, due_at, at)
        VALUES (7, 1, 'send', '["Bienvenue"]', '{}', NULL, '2026-11-20 08:00:00.000'),
          (7, 2, 'sleep', '[259200]', NULL, '2026-11-23 08:00:00.000', '2026-11-20 08:00:00.000');
        INSERT INTO sandbox_message (id, to_number, sender, body, encoding, segments, status, created_at)
        VALUES ('sbx_00000000000000000001', '+33600000003', 'ACME', 'Bienvenue', 'GSM-7', 1, 'accepted', '2026-11-20 08:00:00.000');
        """

    static let now = ISO8601DateFormatter().date(from: "2026-11-23T10:00:00Z")!

    func appliedMigrations() throws -> [String] {
        try DatabaseQueue(path: path).read { db in try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations ORDER BY rowid") }
    }

    @Test("v1-v11 in one migrator, with or without v12: flows, outbox, inbound and stop list carry on",
          arguments: [[], [PreviousReleaseSchema.v12.name]])
    func carriesOn(extra: [String]) async throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try PreviousReleaseSchema.write(at: path, extra: extra, seed: Self.seed)

        let backends = try StorageBackends(location: path)
        let storage = backends.engine
        // v12 comes right after v11 whether the old release applied it or this open does.
        let applied =
            PreviousReleaseSchema.migrations + [
                PreviousReleaseSchema.v12.name, "v13: outbox rows name their flow run", "v14: fleet workers and named leases",
                "v15: plugin state", "v16: outbox rows say when the provider had processed their key",
            ]
        #expect(try appliedMigrations() == applied)  // nothing applied twice

        let claims = try await storage.claimDueOutbox(
            now: Self.now, limit: 10, gate: ContractGate.stopList(), claim: WorkClaim(worker: "test", until: Self.now + 300))
        #expect(claims.count == 2)
        if case .claimed(let row) = claims.first { #expect(row.dedupKey == "cli:1") } else { Issue.record("cli:1 was not claimed") }
        if case .blocked(let row) = claims.last { #expect(row.to == "+33600000002") } else { Issue.record("the stopped number was not blocked") }
        #expect(try await storage.isStopped("+33600000002"))

        let woken = try await storage.wakeDueFlowRuns(
            now: Self.now, timeoutResult: "null", limit: 10, claim: WorkClaim(worker: "test", until: Self.now + 300))
        #expect(woken == [7])
        let (run, journal) = try #require(try await storage.flowRunWithJournal(id: 7))
        #expect(run.status == .active)
        #expect(run.flow == "welcome_drip")
        #expect(journal.map(\.kind) == [.send, .sleep])
        // The send the run queued is known as its own (read from its key once, by the migration).
        #expect(try await storage.cancelFlowRun(id: 7, now: Self.now) == true)
        #expect(try await storage.outboxRow(dedupKey: "flow:7:3")?.errorCode == "cancelled")
        #expect(try await storage.outboxRow(dedupKey: "cli:1")?.flowRunID == nil)

        // The inbound log takes attempts (v12's columns) on either path.
        let stored = try await storage.recordInbound(
            [InboundRow(provider: "sandbox", providerID: "r1", from: "+33600000004", to: "ACME", body: "hi", receivedAt: Self.now)],
            cursor: nil, position: nil)
        let inboundID = try #require(stored.first?.id)
        #expect(try await storage.beginInboundAttempt(id: inboundID, claim: WorkClaim(worker: "test", until: Date() + 300)) == 1)

        let sandbox = try backends.sandbox()
        #expect(try await sandbox.sandboxMessages(limit: nil).map(\.id) == ["sbx_00000000000000000001"])
        #expect(try appliedMigrations() == applied)
    }

    @Test("a new database gets the engine's tables only; the sandbox's come with its store")
    func newDatabase() async throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let backends = try StorageBackends(location: path)
        func sandboxTables() throws -> [String] {
            try DatabaseQueue(path: path).read { db in
                try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'sandbox_%' ORDER BY name")
            }
        }
        #expect(try sandboxTables().isEmpty)
        #expect(try await backends.engine.outboxCounts().isEmpty)
        // A listing command reading it finds no sandbox (and makes none).
        #expect(throws: StorageError.self) { try StorageBackends.sandbox(location: path, readOnly: true) }
        do {
            _ = try StorageBackends.sandbox(location: path, readOnly: true)
        } catch {
            #expect(error.code == .notFound)
        }
        #expect(try sandboxTables().isEmpty)
        _ = try backends.sandbox()
        #expect(try sandboxTables().contains("sandbox_message"))
        #expect(try await StorageBackends.sandbox(location: path, readOnly: true).sandboxMessages(limit: nil).isEmpty)
        #expect(try appliedMigrations().count == PreviousReleaseSchema.migrations.count + 5)  // v12 to v16
    }
}
