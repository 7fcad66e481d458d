import Dispatch
import Engine
import Foundation
import Synchronization

/// The read-eval-print loop over a session, in the three ways `moonwire repl` runs: at a
/// terminal (line editor, `>`/`>>` prompts), reading chunks piped on standard input, and for
/// `-e` chunks. A chunk may span lines: lines accumulate until it compiles (lua.c's rule).
public final class ReplLoop: Sendable {
    let session: any ReplSession
    let console: ReplConsole
    private let evaluating = Atomic<Bool>(false)
    private let editorQueue = DispatchQueue(label: "moonwire.repl.input")

    /// A loop evaluating in `session`, writing to `console`.
    public init(session: any ReplSession, console: ReplConsole) {
        self.session = session
        self.console = console
    }

    /// Ctrl-C (SIGINT) interrupts the chunk being evaluated; between chunks it ends the process
    /// when `exitWhenIdle` (piped input), as lua.c does. Keep the returned source alive.
    public func handleInterrupts(exitWhenIdle: Bool) -> any DispatchSourceRead {
        SignalPipe.watch(SIGINT) { [self] in
            if evaluating.load(ordering: .relaxed) {
                session.interrupt()
            } else if exitWhenIdle {
                exit(130)
            }
        }
    }

    /// Prompts and reads lines with `editor` until Ctrl-D. Returns the exit status (0, or 1
    /// when an attached serve went away).
    public func runInteractive(editor: LineEditor) async -> Int32 {
        var chunk = ""
        while true {
            switch await readLine(editor, prompt: chunk.isEmpty ? "> " : ">> ") {
            case .endOfFile:
                return 0
            case .interrupted:
                chunk = ""
            case .line(let line):
                if chunk.isEmpty, line.allSatisfy(\.isWhitespace) { continue }
                chunk = chunk.isEmpty ? line : chunk + "\n" + line
                let outcome = await evaluate(chunk)
                if case .incomplete = outcome { continue }
                chunk = ""
                report(outcome)
                if !session.isOpen {
                    console.writeError("moonwire: the connection to moonwire serve was closed")
                    return 1
                }
            }
        }
    }

    /// Reads chunks from standard input until its end, printing results. Returns 1 if any
    /// chunk failed (or one was left unfinished), else 0.
    public func runPiped() async -> Int32 {
        var chunk = ""
        var failed = false
        while let line = await readStandardInput() {
            if chunk.isEmpty, line.allSatisfy(\.isWhitespace) { continue }
            chunk = chunk.isEmpty ? line : chunk + "\n" + line
            let outcome = await evaluate(chunk)
            if case .incomplete = outcome { continue }
            chunk = ""
            if !report(outcome) { failed = true }
            if !session.isOpen { return 1 }
        }
        if !chunk.isEmpty, case .incomplete(let message) = await evaluate(chunk) {
            console.writeError(message)
            failed = true
        }
        return failed ? 1 : 0
    }

    /// Evaluates each chunk in order (`-e`), stopping at the first failure. Returns 1 then, else 0.
    public func run(chunks: [String]) async -> Int32 {
        for chunk in chunks {
            let outcome = await evaluate(chunk)
            if case .incomplete(let message) = outcome {
                console.writeError(message)
                return 1
            }
            guard report(outcome) else { return 1 }
        }
        return 0
    }

    private func evaluate(_ chunk: String) async -> ReplOutcome {
        evaluating.store(true, ordering: .relaxed)
        defer { evaluating.store(false, ordering: .relaxed) }
        return await session.evaluate(chunk)
    }

    /// Prints the results or the error; false for an error.
    @discardableResult
    private func report(_ outcome: ReplOutcome) -> Bool {
        switch outcome {
        case .values(let text):
            if let text { console.write(text + "\n") }
            return true
        case .incomplete(let message):
            console.writeError(message)
            return false
        case .failure:
            console.writeError(outcome.failureText ?? "")
            return false
        }
    }

    /// A line from the editor, read on a thread of its own (reading blocks); completion asks
    /// the session and waits for it there.
    private func readLine(_ editor: LineEditor, prompt: String) async -> LineEditor.Result {
        let session = self.session
        return await withCheckedContinuation { continuation in
            editorQueue.async {
                let result = editor.readLine(prompt: prompt) { text in
                    let answer = CompletionBox()
                    let done = DispatchSemaphore(value: 0)
                    Task {
                        let completion = await session.complete(text)
                        answer.value.withLock { $0 = completion }
                        done.signal()
                    }
                    done.wait()
                    return answer.value.withLock { $0 }
                }
                continuation.resume(returning: result)
            }
        }
    }

    /// A line of standard input without its newline, nil at its end.
    private func readStandardInput() async -> String? {
        await withCheckedContinuation { continuation in
            editorQueue.async { continuation.resume(returning: Swift.readLine(strippingNewline: true)) }
        }
    }
}

/// A completion handed from the task that asked for it to the editor's thread.
private final class CompletionBox: Sendable {
    let value = Mutex<ReplCompletion>(.none)
}
