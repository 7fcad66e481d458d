import Foundation
import GRDB

extension Store {
    /// Wakes sleeping run `id` if its wake-up came; false when it was not sleeping or not due.
    public func wakeFlowRun(id: Int64, now: Date) async throws(StoreError) -> Bool {
        try await write("waking flow run \(id)") { db in
            try db.execute(
                sql: """
                    UPDATE flow_run SET status = 'active', next_wake = NULL, updated_at = ?
                    WHERE id = ? AND status = 'sleeping' AND next_wake <= ?
                    """,
                arguments: [now, id, now])
            return db.changesCount > 0
        }
    }

    /// Times out run `id`'s ask if its deadline passed: the wait goes, the ask's step records
    /// `result`, the run is active again. False when it was answered or cancelled first.
    public func expireFlowWait(runID: Int64, result: String, now: Date) async throws(StoreError) -> Bool {
        try await write("timing out the ask of flow run \(runID)") { db in
            guard let run = try FlowRunRow.fetchOne(db, key: runID), run.status == .waiting, let deadline = run.nextWake,
                deadline <= now
            else { return false }
            if let wait = try FlowWaitRow.fetchOne(db, key: runID) {
                try FlowWaitRow.deleteOne(db, key: runID)
                try db.execute(
                    sql: "UPDATE flow_journal SET result = ? WHERE run_id = ? AND step = ? AND result IS NULL",
                    arguments: [result, runID, wait.step])
            }
            try db.execute(
                sql: "UPDATE flow_run SET status = 'active', next_wake = NULL, updated_at = ? WHERE id = ?",
                arguments: [now, runID])
            return true
        }
    }

    /// Gives inbound message `inbound` to the oldest run waiting for a reply from its number
    /// (registered before it arrived): the wait goes, the ask's step records `result(runID)`,
    /// the run is active again and the message is handled, in one transaction. Returns the
    /// run's id, or nil when no run waits (the message goes to the handlers).
    public func answerFlowWait(
        inbound: InboundRow, now: Date, result: @escaping @Sendable (FlowWaitRow) -> String
    ) async throws(StoreError) -> Int64? {
        guard let inboundID = inbound.id else { return nil }
        return try await write("giving inbound \(inboundID) to a waiting flow") { db in
            guard
                let wait = try FlowWaitRow
                    .filter(Column("phone") == inbound.from && Column("after_inbound_id") < inboundID)
                    .order(Column("created_at"), Column("run_id")).fetchOne(db),
                try FlowRunRow.fetchOne(db, key: wait.runID)?.status == .waiting
            else { return nil }
            try FlowWaitRow.deleteOne(db, key: wait.runID)
            try db.execute(
                sql: "UPDATE flow_journal SET result = ? WHERE run_id = ? AND step = ? AND result IS NULL",
                arguments: [result(wait), wait.runID, wait.step])
            try db.execute(
                sql: "UPDATE flow_run SET status = 'active', next_wake = NULL, updated_at = ? WHERE id = ?",
                arguments: [now, wait.runID])
            try db.execute(
                sql: "UPDATE inbound SET status = 'handled', error = NULL, handled_at = ? WHERE id = ?",
                arguments: [now, inboundID])
            return wait.runID
        }
    }

    /// Ends run `runID`'s wait at `step` with `result` (the question could not be sent), making
    /// it active again; false when a reply or a timeout ended it first.
    public func resolveFlowWait(runID: Int64, step: Int, result: String, now: Date) async throws(StoreError) -> Bool {
        try await write("ending the ask of flow run \(runID)") { db in
            guard let wait = try FlowWaitRow.fetchOne(db, key: runID), wait.step == step,
                try FlowRunRow.fetchOne(db, key: runID)?.status == .waiting
            else { return false }
            try FlowWaitRow.deleteOne(db, key: runID)
            try db.execute(
                sql: "UPDATE flow_journal SET result = ? WHERE run_id = ? AND step = ? AND result IS NULL",
                arguments: [result, runID, step])
            try db.execute(
                sql: "UPDATE flow_run SET status = 'active', next_wake = NULL, updated_at = ? WHERE id = ?",
                arguments: [now, runID])
            return true
        }
    }
}
