import Foundation
import PostgresNIO
import Storage

extension PostgresStore {
    public func startFlowRun(_ run: FlowRunRow, exclusive: Bool) async throws(StorageError) -> FlowStart {
        let logger = self.logger
        return try await write("starting flow \(run.flow) for \(run.phone)") { db in
            try await PostgresStore.startFlowRun(run, exclusive: exclusive, db, logger)
        }
    }

    public func startFlowRuns(_ runs: [FlowRunRow], exclusive: Bool) async throws(StorageError) -> [FlowStart] {
        let logger = self.logger
        return try await write("starting \(runs.count) flow run(s)") { db in
            var starts: [FlowStart] = []
            for run in runs { starts.append(try await PostgresStore.startFlowRun(run, exclusive: exclusive, db, logger)) }
            return starts
        }
    }

    /// One run, in the caller's transaction. An exclusive start first takes an advisory lock on
    /// the flow and number, so two instances starting the same run together start it once.
    private static func startFlowRun(_ run: FlowRunRow, exclusive: Bool, _ db: PostgresConnection, _ logger: Logger) async throws
        -> FlowStart
    {
        if exclusive {
            try await db.execute("SELECT pg_advisory_xact_lock(hashtextextended(\(run.flow + "\u{1}" + run.phone), 0))", logger)
            if let existing = try FlowRunRow.first(
                try await db.rows(
                    """
                    SELECT \(unescaped: FlowRunRow.columns) FROM flow_run
                    WHERE flow = \(run.flow) AND phone = \(run.phone) AND status IN ('active', 'sleeping', 'waiting') ORDER BY id LIMIT 1
                    """, logger))
            {
                return .refused(existing: existing)
            }
        }
        guard let stored = try FlowRunRow.first(try await db.rows(run.insertQuery, logger)) else {
            throw StorageError(.internal, "flow run \(run.flow) for \(run.phone) was not stored")
        }
        return .started(stored)
    }

    /// Journals steps and applies the transition with the run's row locked, so a cancel or a
    /// stop from another instance waits for it (and this one finds the run over if it came first).
    /// A run another live worker holds (this one's lease lapsed and it was taken over) is left
    /// to it: two workers never journal the same run.
    public func advanceFlow(
        runID: Int64, entries: [FlowJournalRow], completions: [(step: Int, result: String)], outbox: OutboxRow?,
        wait: FlowWaitRow?, transition: FlowTransition, gate: any SendGate, claim: WorkClaim, now: Date
    ) async throws(StorageError) -> FlowAdvance {
        let logger = self.logger
        let steps = completions.map(\.step)
        let results = completions.map(\.result)
        return try await write("journaling flow run \(runID)") { db in
            guard
                let row = try await db.rows(
                    """
                    SELECT status, claimed_by, COALESCE(lease_until >= now(), false) FROM flow_run WHERE id = \(runID) FOR UPDATE
                    """, logger
                ).first
            else { return .notActive(nil) }
            let (status, holder, live) = try row.decode((String, String?, Bool).self)
            guard status == FlowRunRow.Status.active.rawValue else { return .notActive(FlowRunRow.Status(rawValue: status)) }
            if let holder, holder != claim.worker, live { return .claimedElsewhere(worker: holder) }
            for entry in entries { try await db.execute(entry.insertQuery, logger) }
            for (step, result) in zip(steps, results) {
                try await db.execute(
                    "UPDATE flow_journal SET result = \(result) WHERE run_id = \(runID) AND step = \(step) AND result IS NULL", logger)
            }
            var enqueued: OutboxEnqueue?
            if var row = outbox {
                // Pending means due now: claimed as it is queued unless the gate blocks it.
                let stopped = try await PostgresStore.stopped([row.to], db, logger)
                if row.status == .pending, !gate.blocks(row, recipientStopped: !stopped.isEmpty) {
                    row.status = .sending
                    row.attempts = 1
                }
                enqueued = try await PostgresStore.enqueue(row, db, logger)
                // Claimed as it is queued: held by this worker while it goes out.
                if case .inserted(let stored) = enqueued, stored.status == .sending, let id = stored.id {
                    try await db.execute(
                        "UPDATE outbox SET claimed_by = \(claim.worker), lease_until = \(claim.until.pg) WHERE id = \(id)", logger)
                }
            }
            if let wait { try await db.execute(wait.saveQuery, logger) }
            let next: (status: FlowRunRow.Status, wake: Date?, code: String?, message: String?)
            switch transition {
            case .stay: next = (.active, nil, nil, nil)
            case .sleep(let until): next = (.sleeping, until, nil, nil)
            case .wait(_, let deadline): next = (.waiting, deadline, nil, nil)
            case .complete: next = (.completed, nil, nil, nil)
            case .fail(let code, let message): next = (.failed, nil, code, message)
            }
            // A run that stops executing gives up its claim; one that stays active is this worker's.
            let keepsClaim = next.status == .active
            try await db.execute(
                """
                UPDATE flow_run SET status = \(next.status.rawValue), next_wake = \(next.wake.pg),
                  error_code = COALESCE(\(next.code), error_code), error = COALESCE(\(next.message), error), updated_at = \(now.pg),
                  claimed_by = CASE WHEN \(keepsClaim) THEN \(claim.worker) END,
                  lease_until = CASE WHEN \(keepsClaim) THEN \(claim.until.pg) END
                WHERE id = \(runID)
                """, logger)
            if !next.status.isLive || next.status == .sleeping {
                try await db.execute("DELETE FROM flow_wait WHERE run_id = \(runID)", logger)
            }
            return .recorded(enqueued)
        }
    }

    public func failFlowRun(id: Int64, code: String, message: String, now: Date) async throws(StorageError) -> Bool {
        let logger = self.logger
        return try await write("failing flow run \(id)") { db in
            let changed = try await db.execute(
                """
                UPDATE flow_run SET status = 'failed', error_code = \(code), error = \(message), next_wake = NULL, updated_at = \(now.pg),
                  claimed_by = NULL, lease_until = NULL
                WHERE id = \(id) AND status IN ('active', 'sleeping', 'waiting')
                """, logger)
            try await db.execute("DELETE FROM flow_wait WHERE run_id = \(id)", logger)
            return changed > 0
        }
    }

    public func cancelFlowRun(id: Int64, now: Date) async throws(StorageError) -> Bool? {
        let logger = self.logger
        return try await write("cancelling flow run \(id)") { db in
            guard let status = try await db.value("SELECT status FROM flow_run WHERE id = \(id) FOR UPDATE", logger, as: String.self) else {
                return nil
            }
            guard FlowRunRow.Status(rawValue: status)?.isLive == true else { return false }
            try await db.execute(
                """
                UPDATE flow_run SET status = 'cancelled', next_wake = NULL, updated_at = \(now.pg), claimed_by = NULL, lease_until = NULL
                WHERE id = \(id)
                """, logger)
            try await db.execute("DELETE FROM flow_wait WHERE run_id = \(id)", logger)
            // Its sends still waiting (held by the send window, or for a retry) go nowhere.
            try await db.execute(
                """
                UPDATE outbox SET status = 'failed', error_code = 'cancelled',
                  error_message = \("flow run \(id) was cancelled before this went out"), updated_at = \(now.pg)
                WHERE status IN ('pending', 'deferred') AND flow_run_id = \(id)
                """, logger)
            return true
        }
    }

    public func stopFlowRuns(phone: String, now: Date) async throws(StorageError) -> [Int64] {
        let logger = self.logger
        return try await write("stopping the flows of \(phone)") { db in
            let ids = try await db.rows(
                """
                UPDATE flow_run SET status = 'stopped', next_wake = NULL, error_code = 'opted_out', error = 'the number replied STOP',
                  updated_at = \(now.pg), claimed_by = NULL, lease_until = NULL
                WHERE phone = \(phone) AND status IN ('active', 'sleeping', 'waiting') RETURNING id
                """, logger
            ).map { try $0.decode(Int64.self) }
            if !ids.isEmpty { try await db.execute("DELETE FROM flow_wait WHERE phone = \(phone)", logger) }
            return ids.sorted()
        }
    }

    public func flowRun(id: Int64) async throws(StorageError) -> FlowRunRow? {
        let logger = self.logger
        return try await read("reading flow run \(id)") { db in
            try FlowRunRow.first(try await db.rows("SELECT \(unescaped: FlowRunRow.columns) FROM flow_run WHERE id = \(id)", logger))
        }
    }

    public func flowRuns(statuses: Set<FlowRunRow.Status>?, flow: String?, phone: String?, limit: Int) async throws(StorageError)
        -> [FlowRunRow]
    {
        let logger = self.logger
        let wanted = statuses.map { $0.map(\.rawValue) }
        return try await read("listing flow runs") { db in
            try FlowRunRow.all(
                try await db.rows(
                    """
                    SELECT \(unescaped: FlowRunRow.columns) FROM flow_run
                    WHERE (\(wanted == nil) OR status = ANY(\(wanted ?? []))) AND (\(flow == nil) OR flow = \(flow))
                      AND (\(phone == nil) OR phone = \(phone))
                    ORDER BY id DESC LIMIT \(limit)
                    """, logger))
        }
    }

    public func flowRunCounts() async throws(StorageError) -> [FlowRunRow.Status: Int] {
        let logger = self.logger
        return try await read("counting flow runs") { db in
            var counts: [FlowRunRow.Status: Int] = [:]
            for row in try await db.rows("SELECT status, COUNT(*) FROM flow_run GROUP BY status", logger) {
                let (status, count) = try row.decode((String, Int).self)
                if let status = FlowRunRow.Status(rawValue: status) { counts[status] = count }
            }
            return counts
        }
    }

    public func flowJournal(runID: Int64) async throws(StorageError) -> [FlowJournalRow] {
        let logger = self.logger
        return try await read("reading the journal of flow run \(runID)") { db in
            try FlowJournalRow.all(
                try await db.rows("SELECT \(unescaped: FlowJournalRow.columns) FROM flow_journal WHERE run_id = \(runID) ORDER BY step", logger))
        }
    }

    public func flowRunWithJournal(id: Int64) async throws(StorageError) -> (FlowRunRow, [FlowJournalRow])? {
        let logger = self.logger
        // One transaction: the run and its journal as of one instant.
        let pair: (FlowRunRow, [FlowJournalRow])? = try await write("reading flow run \(id)") { db in
            guard let run = try FlowRunRow.first(try await db.rows("SELECT \(unescaped: FlowRunRow.columns) FROM flow_run WHERE id = \(id)", logger))
            else { return nil }
            let journal = try FlowJournalRow.all(
                try await db.rows("SELECT \(unescaped: FlowJournalRow.columns) FROM flow_journal WHERE run_id = \(id) ORDER BY step", logger))
            return (run, journal)
        }
        return pair
    }

    public func activeFlowRunIDs(limit: Int) async throws(StorageError) -> [Int64] {
        let logger = self.logger
        return try await read("listing active flow runs") { db in
            try await db.rows("SELECT id FROM flow_run WHERE status = 'active' ORDER BY id LIMIT \(limit)", logger).map { try $0.decode(Int64.self) }
        }
    }

    /// Claims active runs no one holds (never claimed, lease lapsed by the server's clock, or
    /// already this worker's), skipping rows another transaction has locked.
    public func claimActiveFlowRuns(limit: Int, claim: WorkClaim) async throws(StorageError) -> [Int64] {
        let logger = self.logger
        return try await write("claiming active flow runs") { db in
            try await db.rows(
                """
                UPDATE flow_run SET claimed_by = \(claim.worker), lease_until = \(claim.until.pg)
                WHERE id IN (
                  SELECT id FROM flow_run
                  WHERE status = 'active' AND (lease_until IS NULL OR lease_until < now() OR claimed_by = \(claim.worker))
                  ORDER BY id LIMIT \(limit) FOR UPDATE SKIP LOCKED)
                RETURNING id
                """, logger
            ).map { try $0.decode(Int64.self) }.sorted()
        }
    }

    /// Takes the run unless another worker's lease on it is live (by the server's clock).
    public func claimFlowRun(id: Int64, claim: WorkClaim) async throws(StorageError) -> Bool {
        let logger = self.logger
        return try await write("claiming flow run \(id)") { db in
            try await db.execute(
                """
                UPDATE flow_run SET claimed_by = \(claim.worker), lease_until = \(claim.until.pg)
                WHERE id = \(id) AND status = 'active' AND (claimed_by IS NULL OR claimed_by = \(claim.worker) OR lease_until < now())
                """, logger) > 0
        }
    }

    public func releaseFlowRun(id: Int64, claim: WorkClaim) async throws(StorageError) {
        let logger = self.logger
        try await write("releasing flow run \(id)") { db in
            try await db.execute(
                "UPDATE flow_run SET claimed_by = NULL, lease_until = NULL WHERE id = \(id) AND claimed_by = \(claim.worker)", logger)
        }
    }

    public func saveFlowDefinitions(_ definitions: [FlowDefinitionRecord], sources: [FlowSourceRecord], now: Date) async throws(StorageError) {
        let logger = self.logger
        try await write("recording flow definitions") { db in
            for source in sources {
                try await db.execute(
                    """
                    INSERT INTO flow_source (hash, plugin, directory, source, created_at)
                    VALUES (\(source.hash), \(source.plugin), \(source.directory), \(ByteBuffer(bytes: source.source)), \(now.pg))
                    ON CONFLICT (hash) DO NOTHING
                    """, logger)
            }
            try await db.execute("DELETE FROM flow_definition", logger)
            for definition in definitions {
                try await db.execute(
                    """
                    INSERT INTO flow_definition (name, source_hash, plugin, allow_parallel, defined_at)
                    VALUES (\(definition.name), \(definition.hash), \(definition.plugin), \(definition.allowParallel), \(now.pg))
                    """, logger)
            }
        }
    }

    public func flowDefinitions() async throws(StorageError) -> [FlowDefinitionRecord] {
        let logger = self.logger
        return try await read("listing flow definitions") { db in
            try await db.rows("SELECT name, source_hash, plugin, allow_parallel FROM flow_definition ORDER BY name", logger).map {
                let (name, hash, plugin, allowParallel) = try $0.decode((String, String, String, Bool).self)
                return FlowDefinitionRecord(name: name, hash: hash, plugin: plugin, allowParallel: allowParallel)
            }
        }
    }

    public func flowSource(hash: String) async throws(StorageError) -> FlowSourceRecord? {
        let logger = self.logger
        return try await read("reading flow source \(hash)") { db in
            guard let row = try await db.rows("SELECT plugin, directory, source FROM flow_source WHERE hash = \(hash)", logger).first else {
                return nil
            }
            let (plugin, directory, source) = try row.decode((String, String?, ByteBuffer).self)
            return FlowSourceRecord(hash: hash, plugin: plugin, directory: directory, source: Array(source.readableBytesView))
        }
    }
}
