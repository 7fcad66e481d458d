import Foundation
import PostgresNIO
import Storage

extension PostgresStore {
    /// Gives the reply to the oldest run waiting on its number. The run's row is locked first
    /// (the order every path that ends a wait takes), and deleting the wait is what decides:
    /// of two instances routing the same reply, or a reply and a timeout, one wins.
    public func answerFlowWait(inbound: InboundRow, now: Date, result: @escaping @Sendable (FlowWaitRow) -> String)
        async throws(StorageError) -> Int64?
    {
        guard let inboundID = inbound.id else { return nil }
        let logger = self.logger
        return try await write("giving inbound \(inboundID) to a waiting flow") { db in
            guard
                let wait = try FlowWaitRow.first(
                    try await db.rows(
                        """
                        SELECT w.run_id, w.step, w.phone, w.deadline, w.after_inbound_id, w.created_at
                        FROM flow_wait w JOIN flow_run r ON r.id = w.run_id
                        WHERE w.phone = \(inbound.from) AND w.after_inbound_id < \(inboundID) AND r.status = 'waiting'
                        ORDER BY w.created_at, w.run_id LIMIT 1 FOR UPDATE OF r
                        """, logger))
            else { return nil }
            guard try await db.execute("DELETE FROM flow_wait WHERE run_id = \(wait.runID) AND step = \(wait.step)", logger) > 0 else {
                return nil
            }
            try await PostgresStore.resume(runID: wait.runID, step: wait.step, result: result(wait), now: now, db, logger)
            try await db.execute(
                """
                UPDATE inbound SET status = 'handled', error = NULL, handled_at = \(now.pg), claimed_by = NULL, lease_until = NULL
                WHERE id = \(inboundID)
                """, logger)
            return wait.runID
        }
    }

    /// Records `result` at the waiting step and makes the run active (unclaimed), in the
    /// caller's transaction.
    private static func resume(runID: Int64, step: Int, result: String, now: Date, _ db: PostgresConnection, _ logger: Logger) async throws {
        try await db.execute(
            "UPDATE flow_journal SET result = \(result) WHERE run_id = \(runID) AND step = \(step) AND result IS NULL", logger)
        try await db.execute(
            """
            UPDATE flow_run SET status = 'active', next_wake = NULL, updated_at = \(now.pg), claimed_by = NULL, lease_until = NULL
            WHERE id = \(runID)
            """, logger)
    }

    public func resolveFlowWait(runID: Int64, step: Int, result: String, now: Date) async throws(StorageError) -> Bool {
        let logger = self.logger
        return try await write("ending the ask of flow run \(runID)") { db in
            guard try await db.value("SELECT status FROM flow_run WHERE id = \(runID) FOR UPDATE", logger, as: String.self) == "waiting",
                try await db.execute("DELETE FROM flow_wait WHERE run_id = \(runID) AND step = \(step)", logger) > 0
            else { return false }
            try await PostgresStore.resume(runID: runID, step: step, result: result, now: now, db, logger)
            return true
        }
    }

    public func hasFlowWait(phone: String) async throws(StorageError) -> Bool {
        let logger = self.logger
        return try await read("looking for a flow waiting on \(phone)") { db in
            try await db.value("SELECT EXISTS (SELECT 1 FROM flow_wait WHERE phone = \(phone))", logger, as: Bool.self) ?? false
        }
    }

    public func flowWait(runID: Int64) async throws(StorageError) -> FlowWaitRow? {
        let logger = self.logger
        return try await read("reading the wait of flow run \(runID)") { db in
            try FlowWaitRow.first(try await db.rows("SELECT \(unescaped: FlowWaitRow.columns) FROM flow_wait WHERE run_id = \(runID)", logger))
        }
    }

    /// Wakes due runs for `claim`'s worker: the due rows are locked with `SKIP LOCKED`, so two
    /// instances wake disjoint runs, and each woken run is held under the claim's lease.
    public func wakeDueFlowRuns(now: Date, timeoutResult: String, limit: Int, claim: WorkClaim) async throws(StorageError) -> [Int64] {
        let logger = self.logger
        // Most ticks find nothing due: a read says so without opening a transaction.
        let anyDue = try await read("looking for due flow runs") { db in
            try await db.value(
                "SELECT EXISTS (SELECT 1 FROM flow_run WHERE status IN ('sleeping', 'waiting') AND next_wake <= \(now.pg))", logger,
                as: Bool.self) ?? false
        }
        guard anyDue else { return [] }
        return try await write("waking due flow runs") { db in
            let due = try await db.rows(
                """
                SELECT id, status FROM flow_run WHERE status IN ('sleeping', 'waiting') AND next_wake <= \(now.pg)
                ORDER BY next_wake, id LIMIT \(limit) FOR UPDATE SKIP LOCKED
                """, logger
            ).map { try $0.decode((Int64, String).self) }
            guard !due.isEmpty else { return [] }
            let waiting = due.filter { $0.1 == FlowRunRow.Status.waiting.rawValue }.map(\.0)
            if !waiting.isEmpty {
                let timedOut = try await db.rows("DELETE FROM flow_wait WHERE run_id = ANY(\(waiting)) RETURNING run_id, step", logger)
                    .map { try $0.decode((Int64, Int).self) }
                for (runID, step) in timedOut {
                    try await db.execute(
                        "UPDATE flow_journal SET result = \(timeoutResult) WHERE run_id = \(runID) AND step = \(step) AND result IS NULL",
                        logger)
                }
            }
            let ids = due.map(\.0)
            try await db.execute(
                """
                UPDATE flow_run SET status = 'active', next_wake = NULL, updated_at = \(now.pg), claimed_by = \(claim.worker),
                  lease_until = \(claim.until.pg)
                WHERE id = ANY(\(ids))
                """, logger)
            return ids
        }
    }

    public func nextFlowWake() async throws(StorageError) -> Date? {
        let logger = self.logger
        return try await read("finding the next flow wake-up") { db in
            try await db.value("SELECT MIN(next_wake) FROM flow_run WHERE status IN ('sleeping', 'waiting')", logger, as: Date?.self) ?? nil
        }
    }
}
