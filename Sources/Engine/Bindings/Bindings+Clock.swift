import Foundation
import LuaKit
import Providers
import SMSCore

extension Bindings {
    /// `clock.now()`, `clock.advance(d)` (DESIGN.md §2.9).
    func clockFunctions() -> [String: LuaFunction] {
        let clock = self.clock
        let flows = self.flows
        return [
            "now": LuaFunction { call in
                if FlowExecution.current != nil {
                    throw LuaCallError(Bindings.nondeterministic("clock.now()", instead: "flow:now()"))
                }
                // Seconds since the Unix epoch, with milliseconds: comparable with os.time().
                call.push((clock.now().timeIntervalSince1970 * 1000).rounded() / 1000)
                return 1
            },
            // clock.advance(d) -> the new now: fires what falls due on the way, in time order
            "advance": LuaFunction { call in
                if FlowExecution.current != nil {
                    throw LuaCallError("clock.advance cannot be called inside a flow: a flow waits with flow:sleep")
                }
                guard let flows, clock is VirtualClock else {
                    throw LuaCallError(
                        "clock.advance works only with the sandbox's virtual clock (MOONWIRE_PROVIDER=sandbox); "
                            + "the \(flows?.services.provider.name ?? "provider")'s clock is the system's")
                }
                let (duration, _) = try TimeArguments.duration(call, 1, example: "clock.advance(\"1d\")")
                return try call.suspend {
                    let now: Date
                    do throws(EngineError) {
                        now = try await flows.advanceClock(by: duration)
                    } catch {
                        throw LuaFailure(code: error.code, message: error.message)
                    }
                    return [.number((now.timeIntervalSince1970 * 1000).rounded() / 1000)]
                }
            },
        ]
    }

    /// The error raised when a flow reads the clock or chance directly.
    static func nondeterministic(_ what: String, instead: String) -> String {
        "\(what) cannot be used inside a flow: a flow is replayed after a restart and would get another "
            + "value; use \(instead), which is journaled"
    }

    /// Wraps `os.time()`, `os.clock()`, `os.date()` without a time, `math.random` and
    /// `math.randomseed` of `environment` so they raise inside a flow (DESIGN.md §2.5) and work
    /// as usual elsewhere. The wrappers are Lua, so the error points at the caller's line.
    static func guardDeterminism(in state: LuaState, environment: LuaReference) throws {
        let guardFunction = state.function("flowguard") { call in
            guard FlowExecution.current != nil else { return 0 }
            let what = try call.string(1)
            call.push(nondeterministic(what, instead: what.hasPrefix("math") ? "flow:random(m, n)" : "flow:now()"))
            return 1
        }
        let wrapper = try state.load(
            hostChunk:
            """
            local env, check = ...
            local os_, math_ = env.os, env.math
            local time, clock, date, random, randomseed = os_.time, os_.clock, os_.date, math_.random, math_.randomseed
            local function refuse(what) local m = check(what) if m then error(m, 3) end end
            os_.time = function(t) if t == nil then refuse("os.time()") end return time(t) end
            os_.clock = function() refuse("os.clock()") return clock() end
            os_.date = function(f, t) if t == nil then refuse("os.date() without a time") end
              if t == nil then return date(f) end return date(f, t) end
            math_.random = function(...) refuse("math.random") return random(...) end
            math_.randomseed = function(...) refuse("math.randomseed") return randomseed(...) end
            """, chunkName: "=moonwire.flowguard")
        _ = try state.call(wrapper, [.userdata(environment), .function(guardFunction)])
    }
}
