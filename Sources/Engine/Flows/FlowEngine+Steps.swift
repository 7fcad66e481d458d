import Foundation
import LuaKit
import SMSCore
import Storage

extension FlowEngine {
    // MARK: - flow:send

    /// Sends live: the step is journaled in the transaction that queues the outbox row (its dedup
    /// key is the run and step, so no replay can send it again), then the row is dispatched.
    func send(_ execution: FlowExecution, step: Int, text: String, options: SendOptions) async throws -> FlowStepResult {
        let entry = FlowJournalRow(runID: execution.runID, step: step, kind: .send, args: text, result: nil, at: clock.now())
        let message: OutboundMessage
        switch await prepare(text, for: execution, from: options.from) {
        case .failure(let failure):
            return recordFailure(failure, entry: entry, in: execution)
        case .success(let prepared):
            message = prepared
        }
        let outcome = try await submitJournaled(entry, message: message, options: options, wait: nil, transition: .stay, in: execution)
        let result = FlowEngine.result(of: outcome)
        execution.complete(step: step, with: result)
        return result
    }

    /// A send journaled before a crash (or a stop) whose result was not recorded: its outbox row
    /// is finished or read, never queued again.
    func finishSend(_ execution: FlowExecution, _ entry: FlowJournalRow) async throws -> FlowStepResult {
        let key = FlowEngine.dedupKey(run: execution.runID, step: entry.step)
        let store = self.store
        guard let row = try await Dispatcher.storing({ () async throws(StorageError) in try await store.outboxRow(dedupKey: key) }) else {
            let failure = LuaFailure(
                code: "lost", message: "the outbox has no send \(key) any more", extra: ["retryable": .boolean(false)])
            let result = FlowStepResult(failure: failure)
            execution.complete(step: entry.step, with: result)
            return result
        }
        let outcome: SendOutcome
        if row.status == .pending || (row.status == .deferred && row.notBefore <= clock.now()) {
            outcome = try await services.dispatcher.dispatch(id: row.id!)
        } else {
            outcome = Dispatcher.outcome(of: row)
        }
        let result = FlowEngine.result(of: outcome)
        execution.complete(step: entry.step, with: result)
        return result
    }

    // MARK: - flow:ask

    /// Asks live: the question's outbox row, the step and the wait for the reply are committed in
    /// one transaction, so a reply that comes at once finds the wait. The run then parks; a reply
    /// or the deadline wakes it. A question that cannot be sent (opted out, refused) ends the
    /// wait at once and the ask returns `nil, err`.
    func ask(_ execution: FlowExecution, step: Int, text: String, options: SendOptions) async throws -> FlowStepResult {
        let now = clock.now()
        let deadline = options.timeout.map { FlowEngine.instant(now.addingTimeInterval($0.seconds)) }
        let entry = FlowJournalRow(
            runID: execution.runID, step: step, kind: .ask, args: text, result: nil, dueAt: deadline, at: now)
        let message: OutboundMessage
        switch await prepare(text, for: execution, from: options.from) {
        case .failure(let failure):
            return recordFailure(failure, entry: entry, in: execution)
        case .success(let prepared):
            message = prepared
        }
        let wait = FlowWaitRow(runID: execution.runID, step: step, phone: execution.run.phone, deadline: deadline, createdAt: now)
        let outcome = try await submitJournaled(
            entry, message: message, options: options, wait: wait, transition: .wait(step: step, deadline: deadline), in: execution)
        let sent = FlowEngine.result(of: outcome)
        guard let failure = sent.failure, failure.extra["queued"] != .boolean(true) else {
            throw LuaAbandon("waiting for a reply at step \(step)")
        }
        let result = FlowStepResult(failure: failure)
        let store = self.store
        let json = result.json
        let ended = try await Dispatcher.storing { () async throws(StorageError) in
            try await store.resolveFlowWait(runID: execution.runID, step: step, result: json, now: now)
        }
        guard ended else { throw LuaAbandon("answered while the question was sent") }
        var stored = entry
        stored.result = json
        execution.stored(stored)
        return result
    }

    /// An ask journaled without an answer in a run that executes: make sure the run waits, park.
    func parkAsk(_ execution: FlowExecution, _ entry: FlowJournalRow) async throws -> [LuaValue] {
        let pending = execution.takePending()
        let wait = FlowWaitRow(
            runID: execution.runID, step: entry.step, phone: execution.run.phone, deadline: entry.dueAt, createdAt: entry.at)
        let store = self.store
        let gate = services.policy.gate
        let claim = workClaim
        let now = clock.now()
        _ = try await Dispatcher.storing { () async throws(StorageError) in
            try await store.advanceFlow(
                runID: execution.runID, entries: pending.entries, completions: pending.completions, outbox: nil, wait: wait,
                transition: .wait(step: entry.step, deadline: entry.dueAt), gate: gate, claim: claim, now: now)
        }
        throw LuaAbandon("waiting for a reply at step \(entry.step)")
    }

    // MARK: - flow:sleep, flow:sleep_until

    /// A sleep step: replayed, finished (its wake-up came), or live: journaled with the run's
    /// wake-up in one transaction, then the run parks and holds no memory until it wakes.
    func sleepStep(
        _ call: LuaCall, _ execution: FlowExecution, kind: FlowJournalRow.Kind, args: String, until: (Date) -> Date
    ) throws -> Int32 {
        let now = clock.now()
        let step: Int
        let due: Date
        switch execution.beginStep(kind: kind, args: args) {
        case .diverged(let message): return try FlowEngine.stop(call, message)
        case .replay(let result): return FlowEngine.push(result, call)
        case .pending(let entry):
            step = entry.step
            due = entry.dueAt ?? now
            if due <= now {
                execution.complete(step: step, with: FlowStepResult())
                return 0
            }
        case .live(let live):
            step = live
            due = FlowEngine.instant(until(now))
            if due <= now {
                execution.record(
                    FlowJournalRow(
                        runID: execution.runID, step: step, kind: kind, args: args, result: FlowStepResult().json, dueAt: due, at: now))
                return 0
            }
            execution.record(FlowJournalRow(runID: execution.runID, step: step, kind: kind, args: args, result: nil, dueAt: due, at: now))
        }
        let store = self.store
        let gate = services.policy.gate
        let claim = workClaim
        let runID = execution.runID
        let pending = execution.takePending()
        return try call.suspend {
            _ = try await Dispatcher.storing { () async throws(StorageError) in
                try await store.advanceFlow(
                    runID: runID, entries: pending.entries, completions: pending.completions, outbox: nil, wait: nil,
                    transition: .sleep(until: due), gate: gate, claim: claim, now: now)
            }
            throw LuaAbandon("sleeping")
        }
    }

    // MARK: - Shared

    /// The outbox dedup key of a run's step.
    static func dedupKey(run: Int64, step: Int) -> String { "flow:\(run):\(step)" }

    /// An instant as the store keeps it (to the millisecond), so the clock can step onto it exactly.
    static func instant(_ date: Date) -> Date {
        Date(timeIntervalSince1970: (date.timeIntervalSince1970 * 1000).rounded() / 1000)
    }

    /// Renders `text` (a stored template's name, or text with `{{field}}` placeholders) with
    /// the contact and vars, and checks the message.
    func prepare(_ text: String, for execution: FlowExecution, from: String?) async -> Result<OutboundMessage, LuaFailure> {
        var body = text
        var sender = from
        if FlowEngine.couldNameTemplate(text), let template = try? await store.template(text) {
            body = template.body
            sender = sender ?? template.sender
        }
        do throws(SMSCoreError) {
            let rendered = try MessageTemplate(body).render(execution.templateValues)
            return .success(
                try OutboundMessage.validate(
                    to: execution.run.phone, body: rendered, from: sender, externalID: nil, region: services.region))
        } catch {
            return .failure(LuaFailure(code: error.code.rawValue, message: error.message, extra: ["retryable": .boolean(false)]))
        }
    }

    /// True for text that could be a template's name: one word of letters, digits, `_`, `-`, `.`.
    static func couldNameTemplate(_ text: String) -> Bool {
        !text.isEmpty && text.count <= 100 && text.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" || $0 == "." }
    }

    /// Journals a step that failed before any store work (a template field missing, a body too
    /// long): the replay returns the same failure.
    private func recordFailure(_ failure: LuaFailure, entry: FlowJournalRow, in execution: FlowExecution) -> FlowStepResult {
        let result = FlowStepResult(failure: failure)
        var failed = entry
        failed.result = result.json
        execution.record(failed)
        return result
    }

    /// Queues `message` for step `entry` with the journal entry, the steps recorded in memory,
    /// the wait and the run's new state in the same transaction, then dispatches it.
    private func submitJournaled(
        _ entry: FlowJournalRow, message: OutboundMessage, options: SendOptions, wait: FlowWaitRow?, transition: FlowTransition,
        in execution: FlowExecution
    ) async throws -> SendOutcome {
        let pending = execution.takePending()
        let store = self.store
        let gate = services.policy.gate
        let claim = workClaim
        let runID = execution.runID
        let now = entry.at
        let entries = pending.entries + [entry]
        let completions = pending.completions
        let enqueue: @Sendable (OutboxRow) async throws -> OutboxEnqueue = { row in
            var entries = entries
            var wait = wait
            var transition = transition
            // A question the send window holds: its timeout runs from when it goes out, not from
            // now (else the "no answer" branch could come before the question).
            if row.status == .deferred, let deadline = wait?.deadline, case .wait(let step, _) = transition {
                let shifted = FlowEngine.instant(deadline.addingTimeInterval(row.notBefore.timeIntervalSince(now)))
                wait?.deadline = shifted
                transition = .wait(step: step, deadline: shifted)
                entries[entries.count - 1].dueAt = shifted
            }
            let advance = try await store.advanceFlow(
                runID: runID, entries: entries, completions: completions, outbox: row, wait: wait, transition: transition,
                gate: gate, claim: claim, now: now)
            switch advance {
            case .recorded(let enqueued?): return enqueued
            case .recorded(nil): throw StorageError(.internal, "flow run \(runID): the send was not queued")
            case .notActive(let status):
                throw StorageError(.flowNotActive, "flow run \(runID) is \(status?.rawValue ?? "gone")")
            case .claimedElsewhere(let worker):
                throw StorageError(.flowNotActive, "flow run \(runID) was taken over by worker \(worker)")
            }
        }
        let outcome: SendOutcome
        do throws(EngineError) {
            outcome = try await services.dispatcher.submit(
                message, sendClass: options.sendClass, dedupKey: FlowEngine.dedupKey(run: runID, step: entry.step),
                origin: .flow(runID), enqueue: enqueue)
        } catch {
            if error.code == StorageError.Code.flowNotActive.rawValue { throw LuaAbandon(error.message) }
            throw error
        }
        execution.stored(entry)
        return outcome
    }

    /// A send's outcome as a step result: the message table, or the failure.
    static func result(of outcome: SendOutcome) -> FlowStepResult {
        do {
            guard case .table(var table) = try Bindings.messageValue(outcome) else { return FlowStepResult() }
            table["already_processed"] = nil  // a replay finishing a send must look like the live one
            return FlowStepResult(values: [.table(table)])
        } catch let failure as LuaFailure {
            return FlowStepResult(failure: failure)
        } catch {
            return FlowStepResult(failure: LuaFailure(code: "failed", message: "\(error)"))
        }
    }
}
