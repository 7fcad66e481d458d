import Foundation
import GRDB
import Storage

extension SQLiteStore {
    /// Stores a new active run, unless `exclusive` and the number already has a live run of the
    /// same flow (checked in the same transaction).
    public func startFlowRun(_ run: FlowRunRow, exclusive: Bool) async throws(StorageError) -> FlowStart {
        try await write("starting flow \(run.flow) for \(run.phone)") { db in try SQLiteStore.startFlowRun(run, exclusive: exclusive, db) }
    }

    /// Stores new active runs in one transaction, each refused as by ``startFlowRun(_:exclusive:)``
    /// (a number twice in `runs` gets one run when `exclusive`). Outcomes are in `runs`' order.
    public func startFlowRuns(_ runs: [FlowRunRow], exclusive: Bool) async throws(StorageError) -> [FlowStart] {
        try await write("starting \(runs.count) flow run(s)") { db in
            try runs.map { run in try SQLiteStore.startFlowRun(run, exclusive: exclusive, db) }
        }
    }

    /// One run, in the caller's transaction.
    private static func startFlowRun(_ run: FlowRunRow, exclusive: Bool, _ db: Database) throws -> FlowStart {
        if exclusive,
            let existing = try FlowRunRow.fetchOne(
                db.cachedStatement(
                    sql: """
                        SELECT * FROM flow_run WHERE flow = ? AND phone = ? AND status IN ('active', 'sleeping', 'waiting')
                        ORDER BY id LIMIT 1
                        """), arguments: [run.flow, run.phone])
        {
            return .refused(existing: existing)
        }
        var stored = run
        try stored.insertCached(db)
        return .started(stored)
    }

    /// Journals `entries`, fills in the results of `completions` (steps journaled while they
    /// waited), queues `outbox` and applies `transition`, all in one transaction and only if
    /// the run is still active. The outbox row shares its fate: never queued for a cancelled run.
    /// A new row due now is claimed for sending in the same transaction (`sending`, one attempt)
    /// unless `gate` blocks it, saving the dispatcher a transaction; the gate is asked here with
    /// the stop list as the claim would, so an opt-out committed first still wins.
    public func advanceFlow(
        runID: Int64, entries: [FlowJournalRow], completions: [(step: Int, result: String)] = [],
        outbox: OutboxRow? = nil, wait: FlowWaitRow? = nil, transition: FlowTransition, gate: any SendGate, claim: WorkClaim, now: Date
    ) async throws(StorageError) -> FlowAdvance {
        try await write("journaling flow run \(runID)") { db in
            let status = try String.fetchOne(
                db.cachedStatement(sql: "SELECT status FROM flow_run WHERE id = ?"), arguments: [runID])
            guard let status else { return .notActive(nil) }
            guard status == FlowRunRow.Status.active.rawValue else { return .notActive(FlowRunRow.Status(rawValue: status)) }
            if !entries.isEmpty {
                let insert = try db.cachedStatement(
                    sql: "INSERT INTO flow_journal (run_id, step, kind, args, result, due_at, at) VALUES (?, ?, ?, ?, ?, ?, ?)")
                for entry in entries {
                    try insert.execute(
                        arguments: [
                            entry.runID, entry.step, entry.kind.rawValue, entry.args, entry.result, entry.dueAt?.storageText, entry.at.storageText,
                        ])
                }
            }
            if !completions.isEmpty {
                let update = try db.cachedStatement(
                    sql: "UPDATE flow_journal SET result = ? WHERE run_id = ? AND step = ? AND result IS NULL")
                for completion in completions { try update.execute(arguments: [completion.result, runID, completion.step]) }
            }
            var enqueued: OutboxEnqueue?
            if let outbox {
                if let existing = try OutboxRow.fetchOne(
                    db.cachedStatement(sql: "SELECT * FROM outbox WHERE dedup_key = ?"), arguments: [outbox.dedupKey])
                {
                    enqueued = .existing(existing)
                } else {
                    var row = outbox
                    // Pending means due now (the dispatcher defers what the window holds); the
                    // row's own instant may be a little after the step's on a running clock.
                    // A row the gate blocks stays pending: the dispatcher's claim marks it blocked.
                    if row.status == .pending, try !gate.blocks(row, recipientStopped: SQLiteStore.isStopped(row.to, db)) {
                        row.status = .sending
                        row.attempts = 1
                    }
                    try row.insertCached(db)
                    enqueued = .inserted(row)
                }
            }
            if var wait {
                wait.afterInboundID = try Int64.fetchOne(db.cachedStatement(sql: "SELECT MAX(id) FROM inbound")) ?? 0
                try wait.saveCached(db)
            }
            let next: (status: FlowRunRow.Status, wake: Date?, code: String?, message: String?)
            switch transition {
            case .stay: next = (.active, nil, nil, nil)
            case .sleep(let until): next = (.sleeping, until, nil, nil)
            case .wait(_, let deadline): next = (.waiting, deadline, nil, nil)
            case .complete: next = (.completed, nil, nil, nil)
            case .fail(let code, let message): next = (.failed, nil, code, message)
            }
            try db.cachedStatement(
                sql: """
                    UPDATE flow_run SET status = ?, next_wake = ?, error_code = COALESCE(?, error_code),
                      error = COALESCE(?, error), updated_at = ? WHERE id = ?
                    """
            ).execute(arguments: [next.status.rawValue, next.wake?.storageText, next.code, next.message, now.storageText, runID])
            if !next.status.isLive || next.status == .sleeping {
                try db.cachedStatement(sql: "DELETE FROM flow_wait WHERE run_id = ?").execute(arguments: [runID])
            }
            return .recorded(enqueued)
        }
    }

    /// Ends a run that cannot go on (its flow is gone, its code raised), whatever live state it is in.
    @discardableResult
    public func failFlowRun(id: Int64, code: String, message: String, now: Date) async throws(StorageError) -> Bool {
        try await write("failing flow run \(id)") { db in
            try db.execute(
                sql: """
                    UPDATE flow_run SET status = 'failed', error_code = ?, error = ?, next_wake = NULL, updated_at = ?
                    WHERE id = ? AND status IN ('active', 'sleeping', 'waiting')
                    """,
                arguments: [code, message, now, id])
            let changed = db.changesCount > 0
            try db.execute(sql: "DELETE FROM flow_wait WHERE run_id = ?", arguments: [id])
            return changed
        }
    }

    /// Cancels run `id` and the sends it queued that have not gone out; nil when there is no such
    /// run, false when it was already over.
    public func cancelFlowRun(id: Int64, now: Date) async throws(StorageError) -> Bool? {
        try await write("cancelling flow run \(id)") { db in
            guard let run = try FlowRunRow.fetchOne(db, key: id) else { return nil }
            guard run.status.isLive else { return false }
            try db.execute(
                sql: "UPDATE flow_run SET status = 'cancelled', next_wake = NULL, updated_at = ? WHERE id = ?",
                arguments: [now, id])
            try db.execute(sql: "DELETE FROM flow_wait WHERE run_id = ?", arguments: [id])
            // Its sends still waiting (held by the send window, or for a retry) go nowhere.
            try db.execute(
                sql: """
                    UPDATE outbox SET status = 'failed', error_code = 'cancelled',
                      error_message = 'flow run \(id) was cancelled before this went out', updated_at = ?
                    WHERE status IN ('pending', 'deferred') AND flow_run_id = ?
                    """,
                arguments: [now, id])
            return true
        }
    }

    /// Stops every live run talking to `phone` (it replied STOP); returns their ids.
    public func stopFlowRuns(phone: String, now: Date) async throws(StorageError) -> [Int64] {
        try await write("stopping the flows of \(phone)") { db in
            let ids = try Int64.fetchAll(
                db, sql: "SELECT id FROM flow_run WHERE phone = ? AND status IN ('active', 'sleeping', 'waiting') ORDER BY id",
                arguments: [phone])
            guard !ids.isEmpty else { return [] }
            try db.execute(
                sql: """
                    UPDATE flow_run SET status = 'stopped', next_wake = NULL, error_code = 'opted_out',
                      error = 'the number replied STOP', updated_at = ?
                    WHERE phone = ? AND status IN ('active', 'sleeping', 'waiting')
                    """,
                arguments: [now, phone])
            try db.execute(sql: "DELETE FROM flow_wait WHERE phone = ?", arguments: [phone])
            return ids
        }
    }

    /// Run `id`.
    public func flowRun(id: Int64) async throws(StorageError) -> FlowRunRow? {
        try await read("reading flow run \(id)") { db in try FlowRunRow.fetchOne(db, key: id) }
    }

    /// Runs, newest first, filtered by status, flow and number.
    public func flowRuns(
        statuses: Set<FlowRunRow.Status>? = nil, flow: String? = nil, phone: String? = nil, limit: Int = 100
    ) async throws(StorageError) -> [FlowRunRow] {
        try await read("listing flow runs") { db in
            var request = FlowRunRow.order(Column("id").desc).limit(limit)
            if let statuses { request = request.filter(statuses.map(\.rawValue).contains(Column("status"))) }
            if let flow { request = request.filter(Column("flow") == flow) }
            if let phone { request = request.filter(Column("phone") == phone) }
            return try request.fetchAll(db)
        }
    }

    /// How many runs have each status.
    public func flowRunCounts() async throws(StorageError) -> [FlowRunRow.Status: Int] {
        try await read("counting flow runs") { db in
            var counts: [FlowRunRow.Status: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT status, COUNT(*) AS n FROM flow_run GROUP BY status") {
                if let status = FlowRunRow.Status(rawValue: row["status"]) { counts[status] = row["n"] }
            }
            return counts
        }
    }

    /// Run `id`'s journal, in step order.
    public func flowJournal(runID: Int64) async throws(StorageError) -> [FlowJournalRow] {
        try await read("reading the journal of flow run \(runID)") { db in
            try FlowJournalRow.filter(Column("run_id") == runID).order(Column("step")).fetchAll(db)
        }
    }

    /// A run and its journal, read together.
    public func flowRunWithJournal(id: Int64) async throws(StorageError) -> (FlowRunRow, [FlowJournalRow])? {
        try await read("reading flow run \(id)") { db in
            // Cached statements: every execution of a run starts here.
            guard let run = try FlowRunRow.fetchOne(db.cachedStatement(sql: "SELECT * FROM flow_run WHERE id = ?"), arguments: [id])
            else { return nil }
            let journal = try FlowJournalRow.fetchAll(
                db.cachedStatement(sql: "SELECT * FROM flow_journal WHERE run_id = ? ORDER BY step"), arguments: [id])
            return (run, journal)
        }
    }

    /// The reply run `id` waits for, if it waits.
    public func flowWait(runID: Int64) async throws(StorageError) -> FlowWaitRow? {
        try await read("reading the wait of flow run \(runID)") { db in try FlowWaitRow.fetchOne(db, key: runID) }
    }

    /// Ids of active runs (to execute: just started, woken, or interrupted), oldest first.
    public func activeFlowRunIDs(limit: Int = 1000) async throws(StorageError) -> [Int64] {
        try await read("listing active flow runs") { db in
            try Int64.fetchAll(db.cachedStatement(sql: "SELECT id FROM flow_run WHERE status = 'active' ORDER BY id LIMIT ?"), arguments: [limit])
        }
    }

    /// One process holds the whole database: the active runs are its own, and a claim is the read.
    public func claimActiveFlowRuns(limit: Int, claim: WorkClaim) async throws(StorageError) -> [Int64] {
        try await activeFlowRunIDs(limit: limit)
    }

    /// One process holds the whole database: its runs are its own.
    public func claimFlowRun(id: Int64, claim: WorkClaim) async throws(StorageError) -> Bool { true }

    /// Nothing to release when no other process can claim.
    public func releaseFlowRun(id: Int64, claim: WorkClaim) async throws(StorageError) {}

    /// The earliest wake-up or deadline of a sleeping or waiting run.
    public func nextFlowWake() async throws(StorageError) -> Date? {
        try await read("finding the next flow wake-up") { db in
            try Date.fetchOne(db.cachedStatement(sql: "SELECT MIN(next_wake) FROM flow_run WHERE status IN ('sleeping', 'waiting')"))
        }
    }
}
