import Foundation
import Logging
import LuaKit
import SMSCore
import Storage
import Synchronization

extension FlowEngine {
    /// Replays run `id` from the top of its function: journaled steps return what they returned,
    /// the first new one is done live, and the run goes on until it returns or parks (a sleep,
    /// an ask). Only active runs execute.
    func execute(_ id: Int64) async {
        let loaded: (FlowRunRow, [FlowJournalRow])?
        do throws(StorageError) {
            // Held by this process while it executes (the heartbeat renews it): another instance
            // of the fleet neither executes it meanwhile nor journals over it.
            guard try await store.claimFlowRun(id: id, claim: workClaim) else { return }
            loaded = try await store.flowRunWithJournal(id: id)
        } catch {
            logger.error("flow run \(id): \(error.message)")
            return
        }
        guard let (run, journal) = loaded, run.status == .active else { return }
        guard let definition = await definition(for: run), let owner = definition.owner.value else {
            await fail(
                id, code: "flow_not_defined",
                message: "flow \(run.flow) is not defined by the loaded plugins in the version run \(id) started with "
                    + "(\(run.sourceHash ?? "none")), and its source is not stored: load the plugin that defines it")
            return
        }
        let (flow, contact, execution) = await replay(run, journal: journal, in: owner, checking: false)
        let context = SendContext(prefix: "flow:\(id):sms", origin: .flow(id), flowRunID: id)
        let budget = self.budget
        var failure: LuaError?
        let faults = StorageFaults()
        do {
            try await StorageFaults.$current.withValue(faults) {
                try await FlowExecution.$current.withValue(execution) {
                    try await SendContext.$current.withValue(context) {
                        _ = try await owner.run(definition.function, arguments: [flow, contact], budget: budget, tag: FlowExecution.runTag)
                    }
                }
            }
        } catch let error as LuaError {
            failure = error
        } catch {
            failure = LuaError(kind: .runtime, message: "\(error)")
        }
        if !faults.isEmpty, failure?.kind != .abandoned {
            // The database cut a step short (busy, locked, I/O), not the script: the run stays
            // active and replays later; its steps that did commit return their journaled results.
            let delay = backOff(id)
            logger.error("flow \(run.flow) (run \(id)): the database failed (\(faults.messages[0])); trying again in \(delay) s")
            return
        }
        runner.withLock { _ = $0.backoff.removeValue(forKey: id) }
        await finish(execution, failure: failure)
    }

    /// Records how an execution ended: completed, parked (nothing to do), or failed.
    private func finish(_ execution: FlowExecution, failure: LuaError?) async {
        let id = execution.runID
        if let divergence = execution.divergence ?? (failure == nil ? execution.unreachedJournal() : nil) {
            EngineMetrics.flowRun(flow: execution.run.flow, .failed)
            await fail(id, code: "non_deterministic", message: divergence)
            return
        }
        if failure?.kind == .abandoned { return }  // parked, or no longer active
        let pending = execution.takePending()
        let transition: FlowTransition
        EngineMetrics.flowRun(flow: execution.run.flow, failure == nil ? .completed : .failed)
        if let failure {
            logger.error("flow \(execution.run.flow) (run \(id)) failed: \(failure.message)")
            transition = .fail(code: failure.kind == .limit ? "budget_exceeded" : "flow_error", message: failure.message)
        } else {
            transition = .complete
        }
        let now = clock.now()
        do throws(StorageError) {
            _ = try await store.advanceFlow(
                runID: id, entries: pending.entries, completions: pending.completions, outbox: nil, wait: nil, transition: transition,
                gate: services.policy.gate, claim: workClaim, now: now)
        } catch {
            logger.error("flow run \(id): \(error.message)")
        }
    }

    /// Marks run `id` failed (whatever live state it is in) and logs why.
    func fail(_ id: Int64, code: String, message: String) async {
        logger.error("flow run \(id) stopped: \(message)")
        let now = clock.now()
        do throws(StorageError) {
            try await store.failFlowRun(id: id, code: code, message: message, now: now)
        } catch {
            logger.error("flow run \(id): \(error.message)")
        }
    }

    /// The definition run `run` is pinned to: loaded, or loaded again from its stored source.
    func definition(for run: FlowRunRow) async -> FlowDefinition? {
        guard let hash = run.sourceHash, hash != FlowEngine.unpinned else { return registry.current(run.flow) }
        // A version whose runtime is gone (its plugin was reloaded since) is loaded again.
        if let loaded = registry.definition(run.flow, hash: hash), loaded.owner.value != nil { return loaded }
        if let current = registry.current(run.flow), current.sourceHash == FlowEngine.unpinned { return current }
        guard let loader = versionLoader.withLock({ $0 }), let old = await loader(run.flow, hash) else { return nil }
        registry.addVersion(old)
        return old
    }

    /// What templates in `flow:send` and `flow:ask` may use: the contact's fields (top-level
    /// strings and `fields`), then the run's vars on top.
    static func templateValues(contact: LuaValue, vars: LuaValue) -> [String: String] {
        var values: [String: String] = [:]
        func text(_ value: LuaValue) -> String? {
            switch value {
            case .string(let s): s.text
            case .integer(let i): String(i)
            case .number(let d): d == d.rounded() && abs(d) < 1e15 ? String(Int64(d)) : String(d)
            case .boolean(let b): b ? "true" : "false"
            default: nil
            }
        }
        if let contact = contact.tableValue {
            for (key, value) in contact.fields {
                guard let name = key.stringValue else { continue }
                if name == "fields", let fields = value.tableValue {
                    for (k, v) in fields.fields { if let n = k.stringValue, values[n] == nil, let t = text(v) { values[n] = t } }
                } else if let t = text(value) {
                    values[name] = t
                }
            }
        }
        if let vars = vars.tableValue {
            for (key, value) in vars.fields { if let name = key.stringValue, let t = text(value) { values[name] = t } }
        }
        return values
    }
}
