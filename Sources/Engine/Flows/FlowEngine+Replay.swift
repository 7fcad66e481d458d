import Logging
import LuaKit
import Storage

extension FlowEngine {
    /// A run's stored `what` (vars, contact), or nil, said in the log, when the row is damaged.
    private func stored(_ json: String, of run: FlowRunRow, _ what: String) -> LuaValue? {
        do throws(LuaFailure) {
            return try LuaValue(json: json)
        } catch {
            logger.error("flow \(run.flow) (run \(run.id ?? 0)): its stored \(what) cannot be read (\(error.message)); it goes on without them")
            return nil
        }
    }

    /// What a run's function is called with, and the execution that answers its steps from
    /// `journal`: the one set-up a live run (``execute(_:)``) and a check (`flows check`) share.
    /// - Parameter checking: stop at the first step the journal has no result for, doing nothing live.
    func replay(_ run: FlowRunRow, journal: [FlowJournalRow], in owner: PluginRuntime, checking: Bool) async
        -> (flow: LuaValue, contact: LuaValue, execution: FlowExecution)
    {
        let vars = stored(run.vars, of: run, "vars") ?? .table(LuaTable())
        let contact = stored(run.contact, of: run, "contact") ?? .table(LuaTable(["phone": .text(run.phone)]))
        let methods = await methods(in: owner)
        let execution = FlowExecution(
            run: run, journal: journal, templateValues: FlowEngine.templateValues(contact: contact, vars: vars),
            word: methods.word, checking: checking)
        let flow = LuaValue.table(
            LuaTable([
                "id": .integer(run.id ?? 0), "name": .text(run.flow), "phone": .text(run.phone), "contact": contact,
                "vars": vars, "send": .function(methods.send), "ask": .function(methods.ask),
                "sleep": .function(methods.sleep), "sleep_until": .function(methods.sleepUntil),
                "now": .function(methods.now), "random": .function(methods.random), "http": .function(methods.http),
            ].merging(methods.state.map { ("state_\($0.key)", LuaValue.function($0.value)) }) { $1 }))
        return (flow, contact, execution)
    }
}
