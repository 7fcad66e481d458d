import Foundation
import GRDB

extension Store {
    /// The error a journal transaction raises when the run is no longer active, so a send
    /// queued with it is rolled back too.
    public static let flowNotActiveCode = "flow_not_active"

    /// Stores a new active run, unless `exclusive` and the number already has a live run of the
    /// same flow (checked in the same transaction).
    public func startFlowRun(_ run: FlowRunRow, exclusive: Bool) async throws(StoreError) -> FlowStart {
        try await write("starting flow \(run.flow) for \(run.phone)") { db in
            if exclusive,
                let existing = try FlowRunRow
                    .filter(Column("flow") == run.flow && Column("phone") == run.phone)
                    .filter(FlowRunRow.Status.live.map(\.rawValue).contains(Column("status")))
                    .order(Column("id")).fetchOne(db)
            {
                return .refused(existing: existing)
            }
            var stored = run
            try stored.insert(db)
            return .started(stored)
        }
    }

    /// Journals `entries`, fills in the results of `completions` (steps journaled while they
    /// waited), queues `outbox` and applies `transition`, all in one transaction and only if
    /// the run is still active. The outbox row shares its fate: never queued for a cancelled run.
    public func advanceFlow(
        runID: Int64, entries: [FlowJournalRow], completions: [(step: Int, result: String)] = [],
        outbox: OutboxRow? = nil, wait: FlowWaitRow? = nil, transition: FlowTransition, now: Date
    ) async throws(StoreError) -> FlowAdvance {
        try await write("journaling flow run \(runID)") { db in
            guard var run = try FlowRunRow.fetchOne(db, key: runID) else { return .notActive(nil) }
            guard run.status == .active else { return .notActive(run.status) }
            for entry in entries { try entry.insert(db) }
            for completion in completions {
                try db.execute(
                    sql: "UPDATE flow_journal SET result = ? WHERE run_id = ? AND step = ? AND result IS NULL",
                    arguments: [completion.result, runID, completion.step])
            }
            var enqueued: Store.OutboxEnqueue?
            if let outbox {
                if let existing = try OutboxRow.filter(Column("dedup_key") == outbox.dedupKey).fetchOne(db) {
                    enqueued = .existing(existing)
                } else {
                    var row = outbox
                    try row.insert(db)
                    enqueued = .inserted(row)
                }
            }
            if var wait {
                wait.afterInboundID = try Int64.fetchOne(db, sql: "SELECT MAX(id) FROM inbound") ?? 0
                try wait.save(db)
            }
            run.updatedAt = now
            switch transition {
            case .stay: break
            case .sleep(let until):
                run.status = .sleeping
                run.nextWake = until
            case .wait(_, let deadline):
                run.status = .waiting
                run.nextWake = deadline
            case .complete:
                run.status = .completed
                run.nextWake = nil
            case .fail(let code, let message):
                run.status = .failed
                run.nextWake = nil
                run.errorCode = code
                run.error = message
            }
            try run.update(db)
            if !run.status.isLive || run.status == .sleeping {
                try db.execute(sql: "DELETE FROM flow_wait WHERE run_id = ?", arguments: [runID])
            }
            return .recorded(enqueued)
        }
    }

    /// Ends a run that cannot go on (its flow is gone, its code raised), whatever live state it is in.
    @discardableResult
    public func failFlowRun(id: Int64, code: String, message: String, now: Date) async throws(StoreError) -> Bool {
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

    /// Cancels run `id`; nil when there is no such run, false when it was already over.
    public func cancelFlowRun(id: Int64, now: Date) async throws(StoreError) -> Bool? {
        try await write("cancelling flow run \(id)") { db in
            guard let run = try FlowRunRow.fetchOne(db, key: id) else { return nil }
            guard run.status.isLive else { return false }
            try db.execute(
                sql: "UPDATE flow_run SET status = 'cancelled', next_wake = NULL, updated_at = ? WHERE id = ?",
                arguments: [now, id])
            try db.execute(sql: "DELETE FROM flow_wait WHERE run_id = ?", arguments: [id])
            return true
        }
    }

    /// Stops every live run talking to `phone` (it replied STOP); returns their ids.
    public func stopFlowRuns(phone: String, now: Date) async throws(StoreError) -> [Int64] {
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
    public func flowRun(id: Int64) async throws(StoreError) -> FlowRunRow? {
        try await read("reading flow run \(id)") { db in try FlowRunRow.fetchOne(db, key: id) }
    }

    /// Runs, newest first, filtered by status, flow and number.
    public func flowRuns(
        statuses: Set<FlowRunRow.Status>? = nil, flow: String? = nil, phone: String? = nil, limit: Int = 100
    ) async throws(StoreError) -> [FlowRunRow] {
        try await read("listing flow runs") { db in
            var request = FlowRunRow.order(Column("id").desc).limit(limit)
            if let statuses { request = request.filter(statuses.map(\.rawValue).contains(Column("status"))) }
            if let flow { request = request.filter(Column("flow") == flow) }
            if let phone { request = request.filter(Column("phone") == phone) }
            return try request.fetchAll(db)
        }
    }

    /// How many runs have each status.
    public func flowRunCounts() async throws(StoreError) -> [FlowRunRow.Status: Int] {
        try await read("counting flow runs") { db in
            var counts: [FlowRunRow.Status: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT status, COUNT(*) AS n FROM flow_run GROUP BY status") {
                if let status = FlowRunRow.Status(rawValue: row["status"]) { counts[status] = row["n"] }
            }
            return counts
        }
    }

    /// Run `id`'s journal, in step order.
    public func flowJournal(runID: Int64) async throws(StoreError) -> [FlowJournalRow] {
        try await read("reading the journal of flow run \(runID)") { db in
            try FlowJournalRow.filter(Column("run_id") == runID).order(Column("step")).fetchAll(db)
        }
    }

    /// A run and its journal, read together.
    public func flowRunWithJournal(id: Int64) async throws(StoreError) -> (FlowRunRow, [FlowJournalRow])? {
        try await read("reading flow run \(id)") { db in
            guard let run = try FlowRunRow.fetchOne(db, key: id) else { return nil }
            return (run, try FlowJournalRow.filter(Column("run_id") == id).order(Column("step")).fetchAll(db))
        }
    }

    /// The reply run `id` waits for, if it waits.
    public func flowWait(runID: Int64) async throws(StoreError) -> FlowWaitRow? {
        try await read("reading the wait of flow run \(runID)") { db in try FlowWaitRow.fetchOne(db, key: runID) }
    }

    /// Ids of active runs (to execute: just started, woken, or interrupted), oldest first.
    public func activeFlowRunIDs(limit: Int = 1000) async throws(StoreError) -> [Int64] {
        try await read("listing active flow runs") { db in
            try Int64.fetchAll(db, sql: "SELECT id FROM flow_run WHERE status = 'active' ORDER BY id LIMIT ?", arguments: [limit])
        }
    }

    /// Sleeping runs whose wake-up came and waiting runs whose deadline passed, at `now`.
    public func dueFlowRuns(now: Date, limit: Int = 1000) async throws(StoreError) -> [FlowRunRow] {
        try await read("listing due flow runs") { db in
            try FlowRunRow
                .filter(["sleeping", "waiting"].contains(Column("status")))
                .filter(Column("next_wake") <= now)
                .order(Column("next_wake"), Column("id"))
                .limit(limit)
                .fetchAll(db)
        }
    }

    /// The earliest wake-up or deadline of a sleeping or waiting run.
    public func nextFlowWake() async throws(StoreError) -> Date? {
        try await read("finding the next flow wake-up") { db in
            try Date.fetchOne(db, sql: "SELECT MIN(next_wake) FROM flow_run WHERE status IN ('sleeping', 'waiting')")
        }
    }
}
