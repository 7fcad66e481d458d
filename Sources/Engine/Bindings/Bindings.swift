import Foundation
import LuaKit
import Providers
import SMSCore

/// The Moonwire Lua surface (DESIGN.md §3) as far as it exists: `sms` and `clock`. Installs
/// fresh module tables in each environment, so one script cannot patch another's.
struct Bindings: Sendable {
    let provider: any MessagingProvider
    let clock: any TimeSource
    let region: String

    /// Makes a sandbox environment holding the modules. Runs on the runtime's executor.
    func install(in state: LuaState, roots: [String]) throws -> LuaReference {
        let environment = try state.makeEnvironment(roots: roots)
        state.setField(environment, "sms", state.module("sms", smsFunctions()))
        state.setField(environment, "clock", state.module("clock", clockFunctions()))
        return environment
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
