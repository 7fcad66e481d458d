import Foundation
import GRDB
import Storage

extension SQLiteStore {
    /// Gives inbound message `inbound` to the oldest run waiting for a reply from its number
    /// (registered before it arrived): the wait goes, the ask's step records `result(runID)`,
    /// the run is active again and the message is handled, in one transaction. Returns the
    /// run's id, or nil when no run waits (the message goes to the handlers).
    public func answerFlowWait(
        inbound: InboundRow, now: Date, result: @escaping @Sendable (FlowWaitRow) -> String
    ) async throws(StorageError) -> Int64? {
        guard let inboundID = inbound.id else { return nil }
        return try await write("giving inbound \(inboundID) to a waiting flow") { db in
            // Cached statements: every reply to a flow comes here.
            guard
                let wait = try FlowWaitRow.fetchOne(
                    db.cachedStatement(
                        sql: "SELECT * FROM flow_wait WHERE phone = ? AND after_inbound_id < ? ORDER BY created_at, run_id LIMIT 1"),
                    arguments: [inbound.from, inboundID]),
                try String.fetchOne(db.cachedStatement(sql: "SELECT status FROM flow_run WHERE id = ?"), arguments: [wait.runID])
                    == FlowRunRow.Status.waiting.rawValue
            else { return nil }
            try db.cachedStatement(sql: "DELETE FROM flow_wait WHERE run_id = ?").execute(arguments: [wait.runID])
            try db.cachedStatement(sql: "UPDATE flow_journal SET result = ? WHERE run_id = ? AND step = ? AND result IS NULL")
                .execute(arguments: [result(wait), wait.runID, wait.step])
            try db.cachedStatement(sql: "UPDATE flow_run SET status = 'active', next_wake = NULL, updated_at = ? WHERE id = ?")
                .execute(arguments: [now.storageText, wait.runID])
            try db.cachedStatement(sql: "UPDATE inbound SET status = 'handled', error = NULL, handled_at = ? WHERE id = ?")
                .execute(arguments: [now.storageText, inboundID])
            return wait.runID
        }
    }

    /// Ends run `runID`'s wait at `step` with `result` (the question could not be sent), making
    /// it active again; false when a reply or a timeout ended it first.
    public func resolveFlowWait(runID: Int64, step: Int, result: String, now: Date) async throws(StorageError) -> Bool {
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

    /// True when some run waits for a reply from `phone` (a read, so replies no run waits for
    /// cost no write).
    public func hasFlowWait(phone: String) async throws(StorageError) -> Bool {
        try await read("looking for a flow waiting on \(phone)") { db in
            try Bool.fetchOne(db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM flow_wait WHERE phone = ?)"), arguments: [phone])
                == true
        }
    }

    /// Wakes the sleeping runs whose wake-up came and times out the asks whose deadline passed
    /// (their step records `timeoutResult`), up to `limit` runs, earliest first, in one
    /// transaction; returns the ids of the runs made active.
    /// One process holds the whole database: the claim's worker is the only one.
    public func wakeDueFlowRuns(now: Date, timeoutResult: String, limit: Int, claim: WorkClaim) async throws(StorageError) -> [Int64] {
        try await wakeDueFlowRuns(now: now, timeoutResult: timeoutResult, limit: limit)
    }

    /// ``wakeDueFlowRuns(now:timeoutResult:limit:claim:)`` without a claim.
    public func wakeDueFlowRuns(now: Date, timeoutResult: String, limit: Int = 1000) async throws(StorageError) -> [Int64] {
        // Most ticks find nothing due: a read (which never waits for the writer) says so without
        // queueing a write transaction behind the sends being committed.
        let anyDue = try await read("looking for due flow runs") { db in
            try Bool.fetchOne(
                db.cachedStatement(
                    sql: """
                        SELECT EXISTS (SELECT 1 FROM flow_run WHERE status IN ('sleeping', 'waiting') AND next_wake <= ?)
                        """), arguments: [now.storageText]) == true
        }
        guard anyDue else { return [] }
        return try await write("waking due flow runs") { db in
            let due = try Row.fetchAll(
                db.cachedStatement(
                    sql: """
                        SELECT id, status FROM flow_run WHERE status IN ('sleeping', 'waiting') AND next_wake <= ?
                        ORDER BY next_wake, id LIMIT ?
                        """), arguments: [now.storageText, limit])
            let wake = try db.cachedStatement(
                sql: "UPDATE flow_run SET status = 'active', next_wake = NULL, updated_at = ? WHERE id = ?")
            var woken: [Int64] = []
            for row in due {
                let id: Int64 = row[0]
                if row[1] as String == FlowRunRow.Status.waiting.rawValue,
                    let step = try Int.fetchOne(db.cachedStatement(sql: "SELECT step FROM flow_wait WHERE run_id = ?"), arguments: [id])
                {
                    try db.cachedStatement(sql: "DELETE FROM flow_wait WHERE run_id = ?").execute(arguments: [id])
                    try db.cachedStatement(
                        sql: "UPDATE flow_journal SET result = ? WHERE run_id = ? AND step = ? AND result IS NULL"
                    ).execute(arguments: [timeoutResult, id, step])
                }
                try wake.execute(arguments: [now.storageText, id])
                woken.append(id)
            }
            return woken
        }
    }
}
