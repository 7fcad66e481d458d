import Foundation
import GRDB
import Storage
import StoreSQLite
import Testing

/// The SQLite backend stores each vocabulary as the text earlier releases wrote (so existing
/// databases need no rewrite), and reads a text it does not know as a corrupt row that names it.
@Suite("Stored vocabularies: the same text as before, and an unknown one named, never guessed")
struct StoredVocabularyTests {
    static let t0 = Date(timeIntervalSince1970: 1_790_000_000)

    /// A store on a new file holding one row of each kind; returns it, the file and the ids.
    static func seeded() async throws -> (store: SQLiteStore, path: String, outbox: Int64, run: Int64) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("moonwire-vocabulary-\(UUID().uuidString)")
        let path = directory.appendingPathComponent("moonwire.db").path
        let store = try SQLiteStore(path: path)
        let row = OutboxRow(
            dedupKey: "in:7:a#1:1", to: "+33612345678", from: "ACME", body: "Été", sendClass: .marketing, origin: .inbound(7),
            status: .pending, notBefore: t0, segments: 1, encoding: .ucs2, createdAt: t0)
        guard case .inserted(let stored) = try await store.enqueueOutbox(row), let outboxID = stored.id else {
            throw StorageError(.internal, "not inserted")
        }
        _ = try await store.claimOutbox(id: outboxID, now: t0, gate: ContractGate.stopList(), claim: WorkClaim(worker: "test:1", until: t0 + 300))
        _ = try await store.finishOutbox(
            id: outboxID, status: .sent, provider: "sandbox", providerMessageID: "sbx_1", errorCode: nil, errorMessage: nil,
            notBefore: nil, now: t0)
        _ = try await store.recordDeliveries(
            [DeliveryRow(provider: "sandbox", eventID: "e1", messageID: "sbx_1", to: "+33612345678", status: .delivered, occurredAt: t0)],
            cursor: nil, position: nil)
        guard case .started(let run) = try await store.startFlowRun(
            FlowRunRow(flow: "drip", phone: "+33612345678", sourceHash: nil, vars: "{}", contact: "{}", origin: .cli, createdAt: t0),
            exclusive: true), let runID = run.id
        else { throw StorageError(.internal, "no run") }
        _ = try await store.advanceFlow(
            runID: runID,
            entries: [FlowJournalRow(runID: runID, step: 1, kind: .sleepUntil, args: "x", result: nil, dueAt: t0 + 60, at: t0)],
            completions: [], outbox: nil, wait: nil, transition: .sleep(until: t0 + 60), gate: ContractGate.stopList(), claim: WorkClaim(worker: "test:1", until: t0 + 300), now: t0)
        _ = try await store.defineSchedule(
            ScheduleRow(name: "once", kind: .at, spec: "2026-12-01T09:00:00Z", tz: "UTC", missed: .skip, plugin: "p.lua",
                nextFire: t0 + 3600, updatedAt: t0))
        _ = try await store.addStop("+33699999999", source: .script, now: t0)
        return (store, path, outboxID, runID)
    }

    static func remove(_ path: String) {
        try? FileManager.default.removeItem(at: URL(fileURLWithPath: path).deletingLastPathComponent())
    }

    @Test("each vocabulary is written as the text earlier releases wrote")
    func sameText() async throws {
        let (_, path, outboxID, runID) = try await Self.seeded()
        defer { Self.remove(path) }
        let texts = try await DatabaseQueue(path: path).read { db in
            [
                try Row.fetchOne(db, sql: "SELECT class, origin, encoding, delivery_status FROM outbox WHERE id = ?", arguments: [outboxID])
                    .map { [$0[0], $0[1], $0[2], $0[3]] as [String] },
                try String.fetchOne(db, sql: "SELECT status FROM delivery").map { [$0] },
                try String.fetchOne(db, sql: "SELECT origin FROM flow_run WHERE id = ?", arguments: [runID]).map { [$0] },
                try String.fetchOne(db, sql: "SELECT kind FROM flow_journal").map { [$0] },
                try Row.fetchOne(db, sql: "SELECT kind, missed FROM schedule").map { [$0[0], $0[1]] as [String] },
                try String.fetchOne(db, sql: "SELECT source FROM stop").map { [$0] },
            ]
        }
        #expect(
            texts == [
                ["marketing", "inbound:7", "UCS-2", "delivered"], ["delivered"], ["cli"], ["sleep_until"], ["at", "skip"], ["script"],
            ])
    }

    @Test(
        "an outbox origin reads back as it was written, its value included",
        arguments: [
            OutboxRow.Origin.script, .cli, .policy, .inbound(42), .delivery(7), .flow(9_000_000_001), .schedule("p.lua: every 0 9 * * *"),
            .schedule(""),
        ])
    func originRoundTrip(_ origin: OutboxRow.Origin) {
        #expect(OutboxRow.Origin(rawValue: origin.rawValue) == origin)
    }

    @Test("an origin text no version writes is none", arguments: ["", "lua", "inbound:", "inbound:x", "flow:1:2", "bench"])
    func unknownOrigin(_ text: String) {
        #expect(OutboxRow.Origin(rawValue: text) == nil)
    }

    /// A column set to a text no version writes, and how the ports read its row.
    struct Tampered: Sendable, CustomTestStringConvertible {
        let table: String
        let column: String
        let read: @Sendable (any EngineStorage, Int64, Int64) async throws -> Void
        var testDescription: String { "\(table).\(column)" }
    }

    static let tampered: [Tampered] = [
        Tampered(table: "outbox", column: "class") { s, _, _ in _ = try await s.outboxRows(statuses: nil, limit: 10) },
        Tampered(table: "outbox", column: "origin") { s, _, _ in _ = try await s.outboxRow(dedupKey: "in:7:a#1:1") },
        Tampered(table: "outbox", column: "encoding") { s, _, _ in _ = try await s.outboxRow(provider: "sandbox", messageID: "sbx_1") },
        Tampered(table: "outbox", column: "delivery_status") { s, _, _ in _ = try await s.outboxRows(statuses: [.sent], limit: 10) },
        Tampered(table: "delivery", column: "status") { s, _, _ in _ = try await s.recentDeliveries(limit: 10) },
        Tampered(table: "flow_run", column: "origin") { s, _, run in _ = try await s.flowRun(id: run) },
        Tampered(table: "flow_journal", column: "kind") { s, _, run in _ = try await s.flowJournal(runID: run) },
        Tampered(table: "schedule", column: "kind") { s, _, _ in _ = try await s.schedules() },
        Tampered(table: "schedule", column: "missed") { s, _, _ in _ = try await s.schedules() },
        Tampered(table: "stop", column: "source") { s, _, _ in _ = try await s.stops() },
    ]

    @Test("a text the version does not know is a corrupt row naming the table, the column, the value and the row", arguments: tampered)
    func unknownText(_ tampered: Tampered) async throws {
        let (store, path, outboxID, runID) = try await Self.seeded()
        defer { Self.remove(path) }
        try await DatabaseQueue(path: path).write { db in
            try db.execute(sql: "UPDATE \(tampered.table) SET \(tampered.column) = 'bogus'")
        }
        let error = try await #require(throws: StorageError.self) { try await tampered.read(store, outboxID, runID) }
        #expect(error.code == .corruptRow)
        #expect(error.message.contains("\(tampered.table) row "))
        #expect(error.message.contains("column \(tampered.column) holds 'bogus'"))
        let row: String =
            switch tampered.table {
            case "outbox": "row \(outboxID)"
            case "delivery": "row 1"  // the only report
            case "flow_run": "row \(runID)"
            case "flow_journal": "row run \(runID) step 1"
            case "schedule": "row once"
            default: "row +33699999999"
            }
        #expect(error.message.contains(row))
    }
}
