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
    /// as usual elsewhere. Each wrapper is a C closure (CLuaShims' `clua_guard_f`) that compares
    /// the run's tag with a flow's and otherwise is the library function itself, called in
    /// place: outside flows they cost one comparison, and their errors read as stock Lua's.
    static func guardDeterminism(in state: LuaState, environment: LuaReference) throws {
        let wrapper = try state.load(
            hostChunk:
            """
            local env, guard, FLOW, messages = ...
            local os_, math_ = env.os, env.math
            os_.time = guard(os_.time, messages.time, 1, FLOW)
            os_.clock = guard(os_.clock, messages.clock, 0, FLOW)
            os_.date = guard(os_.date, messages.date, 2, FLOW)
            math_.random = guard(math_.random, messages.random, 0, FLOW)
            math_.randomseed = guard(math_.randomseed, messages.randomseed, 0, FLOW)
            """, chunkName: "=moonwire.flowguard")
        let messages = LuaTable([
            "time": .text(nondeterministic("os.time()", instead: "flow:now()")),
            "clock": .text(nondeterministic("os.clock()", instead: "flow:now()")),
            "date": .text(nondeterministic("os.date() without a time", instead: "flow:now()")),
            "random": .text(nondeterministic("math.random", instead: "flow:random(m, n)")),
            "randomseed": .text(nondeterministic("math.randomseed", instead: "flow:random(m, n)")),
        ])
        _ = try state.call(
            wrapper,
            [.userdata(environment), .function(state.guardFunction()), .integer(Int64(FlowExecution.runTag)), .table(messages)])
    }
}
