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
        // The Lua half: error values get a __tostring so `print(err)` and `assert(sms.send{...})`
        // show the message.
        let finish = try state.load(Bindings.luaPrelude, chunkName: "=moonwire", environment: environment)
        _ = try state.call(finish)
        return environment
    }

    /// Wraps the Swift functions that return `nil, err` so `err` prints as its message.
    static let luaPrelude = """
        local setmetatable, type, tostring = setmetatable, type, tostring
        local ErrorMT = {
          __name = "moonwire.error",
          __tostring = function(e) return tostring(e.code) .. ": " .. tostring(e.message) end,
        }
        local function checked(f)
          return function(...)
            local r, e = f(...)
            if r == nil and type(e) == "table" then setmetatable(e, ErrorMT) end
            return r, e
          end
        end
        sms.send = checked(sms.send)
        sms.normalize = checked(sms.normalize)
        """

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

    /// An `err` table: `code`, `message`, `retryable`.
    static func errorValue(code: String, message: String, retryable: Bool = false) -> LuaValue {
        .table(LuaTable(["code": .text(code), "message": .text(message), "retryable": .boolean(retryable)]))
    }
}
