import Engine
import LuaKit
import Synchronization

/// The REPL's Lua functions loaded once in a script host's state, and the sessions made from
/// them: the local REPL's, or one per client attached to `moonwire serve`.
public final class ReplRuntime: Sendable {
    /// The host whose runtime, bindings and store sessions use.
    public let host: ScriptHost
    let evalFunction: LuaReference
    let completeFunction: LuaReference
    let installFunction: LuaReference
    /// `emit(session, text)`: where a session's redirected `print` goes.
    let emitFunction: LuaReference
    let outputs: SessionOutputs

    /// Loads the REPL's Lua half into `host`'s state.
    public init(host: ScriptHost) async throws(EngineError) {
        self.host = host
        let outputs = SessionOutputs(fallback: host.configuration.output)
        self.outputs = outputs
        do {
            let functions = try await host.runtime.withState { state in
                let prelude = try state.load(hostChunk: ReplPrelude.source, chunkName: "=(repl)")
                let table = try state.call(prelude).first?.tableValue ?? LuaTable()
                let emit = state.function("emit") { call in
                    outputs.deliver(session: try call.integer(1), text: try call.string(2))
                    return 0
                }
                guard case .function(let eval) = table["eval"], case .function(let complete) = table["complete"],
                    case .function(let install) = table["install"]
                else { throw LuaError(kind: .runtime, message: "the REPL prelude returned no functions") }
                return (eval, complete, install, emit)
            }
            (evalFunction, completeFunction, installFunction, emitFunction) = functions
        } catch {
            throw EngineError(code: "repl_failed", message: "cannot start the REPL: \(error)")
        }
    }

    /// A session with its own environment (the Moonwire bindings and the operator helpers);
    /// its globals are its own, so they never leak into plugins or other sessions.
    /// - Parameters:
    ///   - roots: directories `require` and `dofile` may read.
    ///   - plugin: the name handlers registered from the session go under.
    ///   - budget: time each evaluation may execute Lua; nil for no limit (Ctrl-C stops it).
    ///   - output: where the session's `print` goes; nil for the host's output.
    public func makeSession(
        roots: [String], plugin: String = "repl", budget: Duration? = nil, output: (@Sendable (String) -> Void)? = nil
    ) async throws(EngineError) -> ReplEnvironment {
        let environment: LuaReference
        do throws(LuaError) {
            environment = try await host.makeEnvironment(roots: roots, plugin: plugin)
        } catch {
            throw EngineError(code: "repl_failed", message: "cannot make the REPL's environment: \(error.message)")
        }
        let id = output.map { outputs.register($0) }
        let install = installFunction, emit = emitFunction
        do {
            _ = try await host.runtime.withState { state in
                try state.call(install, [.userdata(environment), id == nil ? .nil : .function(emit), id.map { .integer($0) } ?? .nil])
            }
        } catch {
            if let id { outputs.remove(id) }
            throw EngineError(code: "repl_failed", message: "cannot install the REPL helpers: \(error)")
        }
        // A run longer than any session: "no budget" without a second code path in the runtime.
        return ReplEnvironment(runtime: self, environment: environment, budget: budget ?? .seconds(100 * 365 * 86_400), outputID: id)
    }
}

/// Where each session's `print` goes, by session id; text for a session that has ended goes to
/// the fallback (a handler defined in an attached session still prints, in serve's output).
final class SessionOutputs: Sendable {
    private let sinks = Mutex<(next: Int64, byID: [Int64: @Sendable (String) -> Void])>((1, [:]))
    private let fallback: @Sendable (String) -> Void

    init(fallback: @escaping @Sendable (String) -> Void) { self.fallback = fallback }

    func register(_ sink: @escaping @Sendable (String) -> Void) -> Int64 {
        sinks.withLock { s in
            defer { s.next += 1 }
            s.byID[s.next] = sink
            return s.next
        }
    }

    func remove(_ id: Int64) { _ = sinks.withLock { $0.byID.removeValue(forKey: id) } }

    func deliver(session: Int64, text: String) {
        let sink = sinks.withLock { $0.byID[session] }
        (sink ?? fallback)(text)
    }
}
