import LuaKit
import Storage

extension FlowEngine {
    /// What a run's function is called with, and the execution that answers its steps from
    /// `journal`: the one set-up a live run (``execute(_:)``) and a check (`flows check`) share.
    /// - Parameter checking: stop at the first step the journal has no result for, doing nothing live.
    func replay(_ run: FlowRunRow, journal: [FlowJournalRow], in owner: PluginRuntime, checking: Bool) async
        -> (flow: LuaValue, contact: LuaValue, execution: FlowExecution)
    {
        let vars = (try? LuaValue(json: run.vars)) ?? .table(LuaTable())
        let contact = (try? LuaValue(json: run.contact)) ?? .table(LuaTable(["phone": .text(run.phone)]))
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
