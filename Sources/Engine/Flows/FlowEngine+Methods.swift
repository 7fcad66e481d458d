import Foundation
import LuaKit
import SMSCore
import Storage
import Synchronization

extension FlowEngine {
    /// The options `flow:send` and `flow:ask` take.
    struct SendOptions: Sendable {
        var from: String?
        var sendClass = SendClass.transactional
        var timeout: Duration?
    }

    /// Makes the `flow:` methods in `state`. Each takes the flow table as `self`, numbers its
    /// step, and replays it from the journal or does it live. Runs on the executor.
    func makeMethods(in state: LuaState, plugin: String?) -> FlowMethods {
        let engine = self
        let send = state.function(
            "flow:send",
            LuaFunction { call in
                let execution = try FlowEngine.execution(call, "send")
                let text = try Bindings.utf8(call, 2)
                let options = try FlowEngine.sendOptions(call, 3, method: "send", timeout: false)
                switch execution.beginStep(kind: .send, args: text) {
                case .diverged(let message): return try FlowEngine.stop(call, message)
                case .replay(let result): return FlowEngine.push(result, call)
                case .pending(let entry):
                    return try call.suspend { try await engine.finishSend(execution, entry).unwrap() }
                case .live(let step):
                    return try call.suspend { try await engine.send(execution, step: step, text: text, options: options).unwrap() }
                }
            })
        let ask = state.function(
            "flow:ask",
            LuaFunction { call in
                let execution = try FlowEngine.execution(call, "ask")
                let text = try Bindings.utf8(call, 2)
                let options = try FlowEngine.sendOptions(call, 3, method: "ask", timeout: true)
                switch execution.beginStep(kind: .ask, args: text) {
                case .diverged(let message): return try FlowEngine.stop(call, message)
                case .replay(let result): return FlowEngine.push(engine.replyValues(result, execution), call)
                case .pending(let entry):
                    return try call.suspend { try await engine.parkAsk(execution, entry) }
                case .live(let step):
                    return try call.suspend {
                        try engine.replyValues(try await engine.ask(execution, step: step, text: text, options: options), execution).unwrap()
                    }
                }
            })
        let sleep = state.function(
            "flow:sleep",
            LuaFunction { call in
                let execution = try FlowEngine.execution(call, "sleep")
                let (duration, args) = try TimeArguments.duration(call, 2, example: "flow:sleep(\"3d\")")
                return try engine.sleepStep(call, execution, kind: .sleep, args: args) { now in
                    now.addingTimeInterval(duration.seconds)
                }
            })
        let sleepUntil = state.function(
            "flow:sleep_until",
            LuaFunction { call in
                let execution = try FlowEngine.execution(call, "sleep_until")
                let (instant, args) = try TimeArguments.instant(call, 2, example: "flow:sleep_until(\"2026-12-01T09:00:00+01:00\")")
                return try engine.sleepStep(call, execution, kind: .sleepUntil, args: args) { _ in instant }
            })
        let now = state.function(
            "flow:now",
            LuaFunction { call in
                let execution = try FlowEngine.execution(call, "now")
                let step: Int
                switch execution.beginStep(kind: .now, args: "") {
                case .diverged(let message): return try FlowEngine.stop(call, message)
                case .replay(let result): return FlowEngine.push(result, call)
                case .pending(let entry): step = entry.step
                case .live(let live): step = live
                }
                let instant = engine.clock.now()
                let result = FlowStepResult(values: [.number((instant.timeIntervalSince1970 * 1000).rounded() / 1000)])
                execution.record(FlowJournalRow(runID: execution.runID, step: step, kind: .now, args: "", result: result.json, at: instant))
                return FlowEngine.push(result, call)
            })
        let random = state.function(
            "flow:random",
            LuaFunction { call in
                let execution = try FlowEngine.execution(call, "random")
                let bounds = try FlowEngine.randomBounds(call)
                let args = bounds.map { "\($0.lowerBound),\($0.upperBound)" } ?? ""
                let step: Int
                switch execution.beginStep(kind: .random, args: args) {
                case .diverged(let message): return try FlowEngine.stop(call, message)
                case .replay(let result): return FlowEngine.push(result, call)
                case .pending(let entry): step = entry.step
                case .live(let live): step = live
                }
                let value: LuaValue = bounds.map { .integer(Int64.random(in: $0)) } ?? .number(Double.random(in: 0..<1))
                let result = FlowStepResult(values: [value])
                execution.record(
                    FlowJournalRow(
                        runID: execution.runID, step: step, kind: .random, args: args, result: result.json, at: engine.clock.now()))
                return FlowEngine.push(result, call)
            })
        let word = state.function(
            "reply:word",
            LuaFunction { call in
                let reply = try call.table(1)
                guard let body = reply["body"].stringValue else {
                    throw call.argumentError(1, "call it as answer:word() on the reply flow:ask returned")
                }
                call.push(KeywordText.firstWord(body))
                return 1
            })
        let namespace = plugin ?? Bindings.scriptStateNamespace
        let stateMethods: [String: LuaReference] = [
            "get": stateMethod("get", .stateGet, in: state, namespace: namespace, writes: false, StateRequest.get),
            "set": stateMethod("set", .stateSet, in: state, namespace: namespace, writes: true, StateRequest.set),
            "incr": stateMethod("incr", .stateIncr, in: state, namespace: namespace, writes: true, StateRequest.incr),
            "delete": stateMethod("delete", .stateDelete, in: state, namespace: namespace, writes: true, StateRequest.delete),
        ]
        return FlowMethods(
            send: send, ask: ask, sleep: sleep, sleepUntil: sleepUntil, now: now, random: random, word: word,
            http: makeHTTPMethod(in: state), state: stateMethods)
    }

    /// `flow:state_<name>(...)`: the `state` call of the same name as a journaled step. A replay
    /// returns the recorded result; a write names its step to the store, so a step re-run
    /// after a crash (its journal entry not stored yet) does not apply the write twice.
    private func stateMethod(
        _ name: String, _ kind: FlowJournalRow.Kind, in state: LuaState, namespace: String, writes: Bool,
        _ read: @escaping @Sendable (LuaCall, Int32) throws -> StateRequest
    ) -> LuaReference {
        let engine = self
        return state.function(
            "flow:state_\(name)",
            LuaFunction { call in
                let execution = try FlowEngine.execution(call, "state_\(name)")
                let request = try read(call, 2)
                let step: Int
                switch execution.beginStep(kind: kind, args: request.key) {
                case .diverged(let message): return try FlowEngine.stop(call, message)
                case .replay(let result): return FlowEngine.push(result, call)
                case .pending(let entry): step = entry.step
                case .live(let live): step = live
                }
                let runID = execution.runID
                return try call.suspend {
                    let at = engine.clock.now()
                    let result: FlowStepResult
                    do throws(LuaFailure) {
                        let value = try await request.perform(
                            engine.store, namespace: namespace, step: writes ? PluginStateStep(runID: runID, step: step) : nil, now: at)
                        result = FlowStepResult(values: [value])
                    } catch {
                        result = FlowStepResult(failure: error)
                    }
                    execution.record(FlowJournalRow(runID: runID, step: step, kind: kind, args: request.key, result: result.json, at: at))
                    return try result.unwrap()
                }
            })
    }

    // MARK: - Argument helpers

    /// The execution of the flow whose table is argument 1; raises outside its own run.
    static func execution(_ call: LuaCall, _ method: String) throws -> FlowExecution {
        guard let execution = FlowExecution.current else {
            throw LuaCallError(
                "flow:\(method) can only be called while the flow runs (inside the function given to flows.define)")
        }
        guard case .table(let flow) = try call.value(1), flow["id"].integerValue == execution.runID else {
            throw LuaCallError("call it as flow:\(method)(...), with a colon, on the flow your function received")
        }
        return execution
    }

    /// `{from=, class=}` (and `timeout=` for an ask) at argument `i`.
    static func sendOptions(_ call: LuaCall, _ i: Int32, method: String, timeout allowTimeout: Bool) throws -> SendOptions {
        var options = SendOptions()
        guard !call.isNil(i) else { return options }
        let table = try call.table(i)
        let allowed: Set<String> = allowTimeout ? ["from", "class", "timeout"] : ["from", "class"]
        for key in table.fields.keys {
            guard let name = key.stringValue, allowed.contains(name) else {
                throw call.argumentError(
                    i, "unknown option '\(key.stringValue ?? key.typeName)'; flow:\(method) takes \(allowed.sorted().joined(separator: ", "))")
            }
        }
        if case .string(let s) = table["from"] { options.from = s.text } else if table["from"] != .nil {
            throw call.argumentError(i, "option 'from' must be a sender such as \"ACME\"")
        }
        if let text = table["class"].stringValue {
            guard let sendClass = SendClass(callerText: text) else {
                throw call.argumentError(i, "option 'class' must be \"transactional\" or \"marketing\", got \"\(text)\"")
            }
            options.sendClass = sendClass
        }
        if allowTimeout, table["timeout"] != .nil {
            options.timeout = try TimeArguments.duration(table["timeout"], call: call, argument: i, example: "{timeout = \"1d\"}")
        }
        return options
    }

    /// `flow:random()`, `(m)`, `(m, n)`: nil for a float in [0, 1), else the integer range.
    static func randomBounds(_ call: LuaCall) throws -> ClosedRange<Int64>? {
        switch call.argumentCount {
        case ...1: return nil
        case 2:
            let m = try call.integer(2)
            guard m >= 1 else { throw call.argumentError(2, "interval is empty") }
            return 1...m
        default:
            let m = try call.integer(2), n = try call.integer(3)
            guard m <= n else { throw call.argumentError(3, "interval is empty") }
            return m...n
        }
    }

    /// Pushes a step's result the way Lua gets it: its values, or `nil, err`.
    static func push(_ result: FlowStepResult, _ call: LuaCall) -> Int32 {
        if let failure = result.failure {
            return call.fail(code: failure.code, message: failure.message, extra: failure.extra)
        }
        for value in result.values { call.push(value) }
        return Int32(result.values.count)
    }

    /// Ends the run now: from a place that can suspend, the coroutine is dropped (no `pcall` can
    /// catch it); elsewhere it raises, and the run is failed when it ends anyway.
    static func stop(_ call: LuaCall, _ reason: String) throws -> Int32 {
        guard call.isYieldable else { throw LuaCallError(reason) }
        return try call.suspend { throw LuaAbandon(reason) }
    }

    /// An ask's stored result as Lua gets it: the reply table gets its `word` method.
    func replyValues(_ result: FlowStepResult, _ execution: FlowExecution) -> FlowStepResult {
        guard let word = execution.word else { return result }
        var result = result
        result.values = result.values.map { value in
            guard case .table(var table) = value else { return value }
            table["word"] = .function(word)
            return .table(table)
        }
        return result
    }
}
