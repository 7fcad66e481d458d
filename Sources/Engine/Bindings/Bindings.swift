import Foundation
import LuaKit
import Providers
import SMSCore

/// The Moonwire Lua surface (DESIGN.md §3): `sms`, `rcs`, `clock`, `on`, `stops`, `sandbox`,
/// `contacts`, `lists`, `templates`, `policy`, `flows`, `schedule`, `moonwire`, `state`, `http` and `json`. Installs
/// fresh module tables in each environment, so one script cannot patch another's.
struct Bindings: Sendable {
    let services: EngineServices
    /// The plugin file these bindings serve (`autoreply.lua`), nil for a `moonwire run` script.
    let plugin: String?
    /// The shared `r:reply` function handed to handlers.
    let replyFunction: LuaReference?
    /// The runtime these bindings are installed in: what handlers, flows and schedules defined
    /// here run in.
    var owner = WeakPluginRuntime(nil)
    /// Flows, schedules and the clock's advances (nil where a host has none).
    var flows: FlowEngine?
    /// The hash of the source these bindings' code comes from: flows defined here are pinned to it.
    var sourceHash: String?
    /// Set while an old version of a plugin is loaded again to replay runs: definitions go
    /// there, and everything else its top level calls is inert (see ``replayable(_:_:)``).
    var collector: FlowCollector?

    var provider: any MessagingProvider { services.provider }
    var clock: any TimeSource { services.clock }
    var region: String { services.region }

    /// Makes a sandbox environment holding the modules. Runs on the runtime's executor.
    func install(in state: LuaState, roots: [String]) throws -> LuaReference {
        let environment = try state.makeEnvironment(roots: roots)
        func module(_ name: String, _ functions: [String: LuaFunction]) {
            state.setField(environment, name, state.module(name, replayable(name, functions)))
        }
        module("sms", smsFunctions())
        module("clock", clockFunctions())
        module("on", onFunctions())
        module("stops", stopFunctions())
        module("sandbox", sandboxFunctions())
        state.setField(environment, "credits", .function(state.function("credits", creditsFunction())))
        module("contacts", contactFunctions())
        module("lists", listFunctions())
        module("templates", templateFunctions())
        module("policy", policyFunctions())
        module("rcs", rcsFunctions())
        module("moonwire", moonwireFunctions())
        module("state", stateFunctions())
        module("http", httpFunctions())
        // Pure functions: the same in flows and replays, so not wrapped by `replayable`.
        state.setField(environment, "json", state.jsonModule())
        if let flows {
            module("flows", flowFunctions(flows))
            module("schedule", scheduleFunctions(flows))
        }
        try Bindings.guardDeterminism(in: state, environment: environment)
        return environment
    }

    /// The functions that only read (or, for `flows.define`, collect while replaying).
    static let readOnly: [String: Set<String>] = [
        "sms": ["segments", "normalize"], "clock": ["now"], "stops": ["contains", "list"], "contacts": ["get"],
        "lists": ["members", "all"], "templates": ["get", "list", "render"], "policy": ["get"],
        "flows": ["define", "list", "get"], "moonwire": ["plugins", "outbox", "inbox"], "state": ["get", "keys"],
    ]

    /// While an old version of a plugin is loaded again to replay its runs, its top level must
    /// change nothing (it ran once already, and the current version may have changed what it
    /// set): every function that writes or sends does nothing and returns true, so the usual
    /// `assert(templates.create{...})` still passes. Only `flows.define` matters, and it collects.
    func replayable(_ module: String, _ functions: [String: LuaFunction]) -> [String: LuaFunction] {
        guard collector != nil else { return functions }
        let kept = Bindings.readOnly[module] ?? []
        let inert = LuaFunction { call in
            call.push(true)
            return 1
        }
        return Dictionary(uniqueKeysWithValues: functions.map { name, function in (name, kept.contains(name) ? function : inert) })
    }

    /// `text` as an E.164 number (national forms belong to `region`); a text that is not a
    /// number is an expected failure: `nil, err` with the parser's code and message.
    static func e164(_ text: String, region: String) throws(LuaFailure) -> String {
        do throws(SMSCoreError) {
            return try PhoneNumber.parse(text, region: region).e164
        } catch {
            throw LuaFailure(code: error.code.rawValue, message: error.message, extra: ["retryable": .boolean(false)])
        }
    }
}
