import Engine
import Foundation
import LuaKit
import Synchronization

/// One REPL session evaluating in a script host's runtime: its own environment, chunks
/// compiled as lua.c does (`return <line>` first, so an expression prints its values), and
/// Ctrl-C stopping only its own evaluation.
public final class ReplEnvironment: ReplSession {
    let runtime: ReplRuntime
    let environment: LuaReference
    let budget: Duration
    let outputID: Int64?
    private let current = Mutex<LuaInterruption?>(nil)

    /// The name syntax and runtime errors show, as in lua.c.
    static let chunkName = "=stdin"

    init(runtime: ReplRuntime, environment: LuaReference, budget: Duration, outputID: Int64?) {
        self.runtime = runtime
        self.environment = environment
        self.budget = budget
        self.outputID = outputID
    }

    public var isOpen: Bool { true }

    /// Stops redirecting the session's output (its handlers, if any, then print in the host's output).
    public func close() {
        if let outputID { runtime.outputs.remove(outputID) }
    }

    public func evaluate(_ chunk: String) async -> ReplOutcome {
        let function: LuaReference
        switch await compile(chunk) {
        case .success(let compiled): function = compiled
        case .failure(let error):
            return error.message.hasSuffix("<eof>") ? .incomplete(error.message) : .failure(message: error.message, traceback: "")
        }
        let interruption = LuaInterruption()
        current.withLock { $0 = interruption }
        defer { current.withLock { $0 = nil } }
        do throws(LuaError) {
            let results = try await runtime.host.runtime.run(
                runtime.evalFunction, arguments: [.function(function)], budget: budget, interruption: interruption)
            return .values(results.first?.stringValue)
        } catch {
            return ReplEnvironment.failure(error)
        }
    }

    public func interrupt() {
        current.withLock { $0?.interrupt() }
    }

    public func complete(_ text: String) async -> ReplCompletion {
        do {
            // The environment table travels as a pinned value (LuaValue has no case for a table reference).
            let results = try await runtime.host.runtime.run(
                runtime.completeFunction, arguments: [.userdata(environment), .text(text)], budget: .seconds(2))
            guard let word = results.first?.stringValue, let list = results.dropFirst().first?.tableValue else {
                return .none
            }
            return ReplCompletion(word: word, candidates: list.array.compactMap(\.stringValue))
        } catch {
            return .none
        }
    }

    /// `return <chunk>;` when that compiles (an expression), else the chunk itself; `=expr` is
    /// `return expr`. A syntax error is returned, not thrown: at `<eof>` it means "incomplete".
    func compile(_ chunk: String) async -> Result<LuaReference, LuaError> {
        let source = chunk.hasPrefix("=") ? "return " + chunk.dropFirst() : chunk
        let environment = self.environment
        return await runtime.host.runtime.withState { state in
            if let expression = try? state.load("return " + source + ";", chunkName: ReplEnvironment.chunkName, environment: environment) {
                return .success(expression)
            }
            do throws(LuaError) {
                return .success(try state.load(source, chunkName: ReplEnvironment.chunkName, environment: environment))
            } catch {
                return .failure(error)
            }
        }
    }

    /// `stdin:LINE: message` and the traceback without the REPL's own frames.
    static func failure(_ error: LuaError) -> ReplOutcome {
        var message = error.message
        // A helper's error (runs() without flows) is the user's, not a line of the REPL's own Lua.
        if message.hasPrefix("(repl):"), let location = error.location, let end = message.range(of: location + ": ") {
            message = String(message[end.upperBound...])
        }
        if let location = error.location, !location.hasPrefix("(repl)"), !message.hasPrefix(location) {
            message = "\(location): \(message)"
        }
        return .failure(message: message, traceback: shortTraceback(error.traceback))
    }

    /// At most 12 frames, without the REPL's wrapper and the coroutine's `[C]: in ?` bottom.
    static func shortTraceback(_ traceback: String) -> String {
        var lines = traceback.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard !lines.isEmpty else { return "" }
        let header = lines.removeFirst()
        lines.removeAll { $0.contains("(repl):") || $0.trimmingCharacters(in: .whitespaces).isEmpty }
        while lines.last?.trimmingCharacters(in: .whitespaces) == "[C]: in ?" { lines.removeLast() }
        guard !lines.isEmpty else { return "" }
        if lines.count > 12 { lines = Array(lines.prefix(11)) + ["\t..."] }
        return ([header] + lines).joined(separator: "\n")
    }
}
