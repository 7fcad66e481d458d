import Foundation
import LuaKit
import Providers
import SMSCore

/// The Moonwire Lua surface (DESIGN.md §3): `sms`, `rcs`, `clock`, `on`, `stops`, `sandbox`,
/// `contacts`, `lists`, `templates`, `policy`, `flows`, `schedule` and `moonwire`. Installs
/// fresh module tables in each environment, so one script cannot patch another's.
struct Bindings: Sendable {
    let services: EngineServices
    /// The plugin file these bindings serve (`autoreply.lua`), nil for a `moonwire run` script.
    let plugin: String?
    /// The shared `r:reply` function handed to handlers.
    let replyFunction: LuaReference?
    /// Flows, schedules and the clock's advances (nil where a host has none).
    var flows: FlowEngine?
    /// The hash of the source these bindings' code comes from: flows defined here are pinned to it.
    var sourceHash: String?
    /// Set while an old version of a plugin is loaded again to replay runs: definitions go
    /// there, and handlers and schedules are not registered.
    var collector: FlowCollector?

    var provider: any MessagingProvider { services.provider }
    var clock: any TimeSource { services.clock }
    var region: String { services.region }

    /// Makes a sandbox environment holding the modules. Runs on the runtime's executor.
    func install(in state: LuaState, roots: [String]) throws -> LuaReference {
        let environment = try state.makeEnvironment(roots: roots)
        state.setField(environment, "sms", state.module("sms", smsFunctions()))
        state.setField(environment, "clock", state.module("clock", clockFunctions()))
        state.setField(environment, "on", state.module("on", collector == nil ? onFunctions() : inertOnFunctions()))
        state.setField(environment, "stops", state.module("stops", stopFunctions()))
        state.setField(environment, "sandbox", state.module("sandbox", sandboxFunctions()))
        state.setField(environment, "credits", .function(state.function("credits", creditsFunction())))
        state.setField(environment, "contacts", state.module("contacts", contactFunctions()))
        state.setField(environment, "lists", state.module("lists", listFunctions()))
        state.setField(environment, "templates", state.module("templates", templateFunctions()))
        state.setField(environment, "policy", state.module("policy", policyFunctions()))
        state.setField(environment, "rcs", state.module("rcs", rcsFunctions()))
        state.setField(environment, "moonwire", state.module("moonwire", moonwireFunctions()))
        if let flows {
            state.setField(environment, "flows", state.module("flows", flowFunctions(flows)))
            state.setField(environment, "schedule", state.module("schedule", scheduleFunctions(flows)))
        }
        try Bindings.guardDeterminism(in: state, environment: environment)
        return environment
    }

    /// `on.*` while an old plugin version loads to replay runs: registers nothing.
    func inertOnFunctions() -> [String: LuaFunction] {
        let inert = LuaFunction { _ in 0 }
        return ["reply": inert, "keyword": inert, "delivery": inert]
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
