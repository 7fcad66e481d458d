import Foundation
import LuaKit
import SMSCore
import Storage

extension Bindings {
    /// `flows.define`, `flows.start`, `flows.list`, `flows.get`, `flows.cancel` (DESIGN.md §3).
    func flowFunctions(_ engine: FlowEngine) -> [String: LuaFunction] {
        let plugin = self.plugin ?? "script"
        let hash = sourceHash ?? FlowEngine.unpinned
        let collector = self.collector
        let owner = self.owner
        let region = self.region
        let store = services.store
        return [
            // flows.define(name, fn [, {allow_parallel = true}])
            "define": LuaFunction { call in
                let name = try Bindings.flowName(call, 1)
                let function = try call.function(2)
                var allowParallel = false
                if !call.isNil(3) {
                    let options = try call.table(3)
                    try Bindings.checkOptions(options, call: call, argument: 3, allowed: ["allow_parallel"])
                    allowParallel = options["allow_parallel"].isTruthy
                }
                let definition = FlowDefinition(
                    name: name, sourceHash: hash, plugin: plugin, location: call.callerLocation, allowParallel: allowParallel,
                    function: function, owner: owner)
                if let collector {
                    collector.add(definition)
                    return 0
                }
                do throws(FlowRegistry.DefineError) {
                    try engine.registry.define(definition)
                } catch {
                    guard case .definedTwice(let other) = error else { throw error }
                    throw call.argumentError(1, "flow '\(name)' is already defined by \(other): give one of them another name")
                }
                return 0
            },
            // flows.start(name, phone [, vars [, {allow_parallel = true}]]) -> run id | nil, err
            "start": LuaFunction { call in
                try Bindings.refuseInsideFlow("flows.start")
                let name = try Bindings.flowName(call, 1)
                let phoneText = try call.string(2)
                var vars = LuaTable()
                if !call.isNil(3) {
                    vars = try call.table(3)
                    for (key, value) in vars.fields {
                        guard key.stringValue != nil else { throw call.argumentError(3, "vars need string keys, got a \(key.typeName) key") }
                        switch value {
                        case .string, .integer, .number, .boolean: continue
                        default: throw call.argumentError(3, "var '\(key.stringValue!)' must be a string, number or boolean, got \(value.typeName)")
                        }
                    }
                    if !vars.array.isEmpty { throw call.argumentError(3, "vars are named: {plan = \"pro\"}") }
                }
                var allowParallel = false
                if !call.isNil(4) {
                    let options = try call.table(4)
                    try Bindings.checkOptions(options, call: call, argument: 4, allowed: ["allow_parallel"])
                    allowParallel = options["allow_parallel"].isTruthy
                }
                guard engine.registry.current(name) != nil else {
                    let known = engine.registry.currentDefinitions.map(\.name)
                    throw call.argumentError(
                        1, "no flow named '\(name)' is defined"
                            + (known.isEmpty ? "; define it with flows.define first" : " (defined: \(known.joined(separator: ", ")))"))
                }
                let phone = try Bindings.e164(phoneText, region: region)
                let chosenVars = vars
                let parallel = allowParallel
                return try call.suspend {
                    let outcome: FlowEngine.StartOutcome
                    do throws(EngineError) {
                        outcome = try await engine.start(flow: name, phone: phone, vars: chosenVars, allowParallel: parallel)
                    } catch {
                        throw LuaFailure(code: error.code, message: error.message, extra: ["retryable": .boolean(false)])
                    }
                    switch outcome {
                    case .started(let id): return [.integer(id)]
                    case .refused(let existing): throw Bindings.alreadyRunning(existing)
                    }
                }
            },
            // flows.list{status=, flow=, phone=, limit=} -> {run...}, newest first
            "list": LuaFunction { call in
                var statuses: Set<FlowRunRow.Status>?
                var flow: String?
                var phone: String?
                var limit = 100
                if !call.isNil(1) {
                    let options = try call.table(1)
                    try Bindings.checkOptions(options, call: call, argument: 1, allowed: ["status", "flow", "phone", "limit"])
                    // One status or a list of them: {status = {"sleeping", "waiting"}}.
                    var names: [String] = []
                    switch options["status"] {
                    case .nil: break
                    case .table(let list) where list.fields.isEmpty:
                        names = list.array.compactMap(\.stringValue)
                        if names.count != list.array.count { throw call.argumentError(1, "'status' must be a string or a list of strings") }
                    case let value:
                        guard let text = value.stringValue else {
                            throw call.argumentError(1, "'status' must be a string or a list of strings, got \(value.typeName)")
                        }
                        names = [text]
                    }
                    if !names.isEmpty {
                        statuses = try Set(names.map { text in
                            guard let status = FlowRunRow.Status(rawValue: text) else {
                                throw call.argumentError(
                                    1, "unknown status '\(text)'; statuses are \(FlowRunRow.Status.allCases.map(\.rawValue).joined(separator: ", "))")
                            }
                            return status
                        })
                    }
                    flow = options["flow"].stringValue
                    if let text = options["phone"].stringValue { phone = try Bindings.e164(text, region: region) }
                    if let n = options["limit"].integerValue { limit = Int(max(1, min(n, 10_000))) }
                }
                let chosen = (statuses, flow, phone, limit)
                return try call.suspend {
                    let runs = try await Bindings.storing { () async throws(StorageError) in
                        try await store.flowRuns(statuses: chosen.0, flow: chosen.1, phone: chosen.2, limit: chosen.3)
                    }
                    return [.table(LuaTable(array: runs.map { .table(Bindings.runTable($0)) }))]
                }
            },
            // flows.get(id) -> run with its journal | nil
            "get": LuaFunction { call in
                let id = try call.integer(1)
                return try call.suspend {
                    guard let (run, journal) = try await Bindings.storing({ () async throws(StorageError) in try await store.flowRunWithJournal(id: id) })
                    else { return [.nil] }
                    let wait = try await Bindings.storing { () async throws(StorageError) in try await store.flowWait(runID: id) }
                    var table = Bindings.runTable(run)
                    table["journal"] = .table(LuaTable(array: journal.map { .table(Bindings.journalTable($0)) }))
                    if let wait { table["waiting_at_step"] = .integer(Int64(wait.step)) }
                    return [.table(table)]
                }
            },
            // flows.cancel(id) -> true | false (already over) | nil, err (no such run)
            "cancel": LuaFunction { call in
                try Bindings.refuseInsideFlow("flows.cancel")
                let id = try call.integer(1)
                return try call.suspend {
                    let cancelled: Bool?
                    do throws(EngineError) {
                        cancelled = try await engine.cancel(id)
                    } catch {
                        throw LuaFailure(code: error.code, message: error.message)
                    }
                    guard let cancelled else {
                        throw LuaFailure(code: "not_found", message: "there is no flow run \(id)", extra: ["retryable": .boolean(false)])
                    }
                    return [.boolean(cancelled)]
                }
            },
        ]
    }

    /// Argument `i` as a flow name: 1 to 100 characters.
    static func flowName(_ call: LuaCall, _ i: Int32) throws -> String {
        let name = try call.string(i)
        guard !name.isEmpty, name.count <= 100 else {
            throw call.argumentError(i, "a flow name is 1 to 100 characters, got \"\(name.prefix(20))\"")
        }
        return name
    }

    /// Raises for an option `allowed` does not list.
    static func checkOptions(_ options: LuaTable, call: LuaCall, argument i: Int32, allowed: Set<String>) throws {
        for key in options.fields.keys {
            guard let name = key.stringValue, allowed.contains(name) else {
                throw call.argumentError(
                    i, "unknown option '\(key.stringValue ?? key.typeName)'; options are \(allowed.sorted().joined(separator: ", "))")
            }
        }
        if !options.array.isEmpty { throw call.argumentError(i, "options are named: {\(allowed.sorted().first ?? "name") = ...}") }
    }

    /// The failure of a start refused because the number has a live run of the flow.
    static func alreadyRunning(_ existing: FlowRunRow) -> LuaFailure {
        LuaFailure(
            code: "already_running",
            message: "flow \(existing.flow) already runs for \(existing.phone) (run \(existing.id ?? 0), \(existing.status.rawValue)); "
                + "pass {allow_parallel = true} to start another",
            extra: ["run_id": .integer(existing.id ?? 0), "retryable": .boolean(false)])
    }

    /// A run as Lua sees it.
    static func runTable(_ run: FlowRunRow) -> LuaTable {
        var table = LuaTable([
            "id": .integer(run.id ?? 0), "flow": .text(run.flow), "phone": .text(run.phone), "status": .text(run.status.rawValue),
            "vars": (try? LuaValue(json: run.vars)) ?? .table(LuaTable()),
            "created_at": .text(run.createdAt.formatted(.iso8601)), "updated_at": .text(run.updatedAt.formatted(.iso8601)),
        ])
        if let wake = run.nextWake { table["next_wake"] = .text(wake.formatted(.iso8601)) }
        if let code = run.errorCode { table["error_code"] = .text(code) }
        if let error = run.error { table["error"] = .text(error) }
        if let hash = run.sourceHash { table["version"] = .text(hash) }
        return table
    }

    /// A journal entry as Lua sees it.
    static func journalTable(_ entry: FlowJournalRow) -> LuaTable {
        var table = LuaTable([
            "step": .integer(Int64(entry.step)), "kind": .text(entry.kind.rawValue), "args": .text(entry.args),
            "at": .text(entry.at.formatted(.iso8601)),
        ])
        if let result = entry.result { table["result"] = (try? LuaValue(json: result)) ?? .text(result) }
        if let due = entry.dueAt { table["due_at"] = .text(due.formatted(.iso8601)) }
        return table
    }

    /// Raises inside a flow: these act on other runs and are not journaled steps, so a replay
    /// would do them again (a child run per wake-up).
    static func refuseInsideFlow(_ what: String) throws {
        guard FlowExecution.current != nil else { return }
        throw LuaCallError(
            "\(what) cannot be called inside a flow: a flow is replayed after every wait, and this is not a "
                + "journaled step; start or cancel runs from a handler or a schedule instead")
    }
}
