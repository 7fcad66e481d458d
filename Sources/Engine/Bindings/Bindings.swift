import Foundation
import LuaKit
import Providers
import SMSCore

/// The Moonwire Lua surface (DESIGN.md §3) as far as it exists: `sms`, `clock`, `on`, `stops`,
/// `sandbox`, `contacts`, `lists`, `templates`, `policy`, `rcs` and `moonwire`. Installs
/// fresh module tables in each environment, so one script cannot patch another's.
struct Bindings: Sendable {
    let services: EngineServices
    /// The plugin file these bindings serve (`autoreply.lua`), nil for a `moonwire run` script.
    let plugin: String?
    /// The shared `r:reply` function handed to handlers.
    let replyFunction: LuaReference?

    var provider: any MessagingProvider { services.provider }
    var clock: any TimeSource { services.clock }
    var region: String { services.region }

    /// Makes a sandbox environment holding the modules. Runs on the runtime's executor.
    func install(in state: LuaState, roots: [String]) throws -> LuaReference {
        let environment = try state.makeEnvironment(roots: roots)
        state.setField(environment, "sms", state.module("sms", smsFunctions()))
        state.setField(environment, "clock", state.module("clock", clockFunctions()))
        state.setField(environment, "on", state.module("on", onFunctions()))
        state.setField(environment, "stops", state.module("stops", stopFunctions()))
        state.setField(environment, "sandbox", state.module("sandbox", sandboxFunctions()))
        state.setField(environment, "credits", .function(state.function("credits", creditsFunction())))
        state.setField(environment, "contacts", state.module("contacts", contactFunctions()))
        state.setField(environment, "lists", state.module("lists", listFunctions()))
        state.setField(environment, "templates", state.module("templates", templateFunctions()))
        state.setField(environment, "policy", state.module("policy", policyFunctions()))
        state.setField(environment, "rcs", state.module("rcs", rcsFunctions()))
        state.setField(environment, "moonwire", state.module("moonwire", moonwireFunctions()))
        return environment
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

    // MARK: - clock

    func clockFunctions() -> [String: LuaFunction] {
        let clock = self.clock
        return [
            "now": LuaFunction { call in
                // Seconds since the Unix epoch, with milliseconds: comparable with os.time().
                call.push((clock.now().timeIntervalSince1970 * 1000).rounded() / 1000)
                return 1
            }
        ]
    }
}
