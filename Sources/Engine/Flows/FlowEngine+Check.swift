import Foundation
import LuaKit
import Storage

extension FlowEngine {
    /// Replays `run`'s journal against the flow's current definition, stopping at the first step
    /// the journal holds no result for (where the run waits, or its next live step): nothing is
    /// sent, journaled or written. Returns nil when the replay matches, else what diverged.
    func check(_ run: FlowRunRow, journal: [FlowJournalRow]) async -> FlowCheckFinding? {
        let id = run.id ?? 0
        func finding(step: Int?, journaled: String?, current: String?, _ message: String) -> FlowCheckFinding {
            FlowCheckFinding(
                runID: id, flow: run.flow, phone: run.phone, status: run.status, step: step, journaled: journaled, current: current,
                message: message)
        }
        guard let definition = registry.current(run.flow), let owner = definition.owner.value else {
            return finding(
                step: nil, journaled: nil, current: nil,
                "flow \(run.flow) is not defined by the plugins any more: run \(id) can only go on with the version it started with")
        }
        let (flow, contact, execution) = await replay(run, journal: journal, in: owner, checking: true)
        var failure: LuaError?
        do {
            try await FlowExecution.$current.withValue(execution) {
                _ = try await owner.run(definition.function, arguments: [flow, contact], budget: budget, tag: FlowExecution.runTag)
            }
        } catch let error as LuaError {
            failure = error
        } catch {
            failure = LuaError(kind: .runtime, message: "\(error)")
        }
        if let divergent = execution.divergentStep {
            return finding(
                step: divergent.step, journaled: divergent.journaled, current: divergent.current,
                "run \(id) of flow \(run.flow) (\(run.status.rawValue)) would diverge at step \(divergent.step): its journal "
                    + "recorded \(divergent.journaled), the code now calls \(divergent.current)")
        }
        if execution.frontier != nil { return nil }  // matched up to where the run is
        if let failure, failure.kind != .abandoned {
            return finding(
                step: nil, journaled: nil, current: nil,
                "flow \(run.flow) (run \(id)) raises while replaying its journal on the current code: \(failure.message)")
        }
        if let unreached = execution.unreachedJournal() {
            let next = journal.first { $0.step == execution.reachedStep + 1 }
            return finding(
                step: next?.step, journaled: next.map { FlowExecution.describe(kind: $0.kind, args: $0.args) }, current: nil,
                unreached)
        }
        return nil
    }
}
