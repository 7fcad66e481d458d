/// Where the REPL's chunks run: in this process (``ReplEnvironment``) or inside a running
/// `moonwire serve` (``AttachedSession``).
public protocol ReplSession: Sendable {
    /// Compiles and runs `chunk` (expression first, as lua.c does), rendering its results.
    func evaluate(_ chunk: String) async -> ReplOutcome
    /// Stops the evaluation in progress, if any (Ctrl-C).
    func interrupt()
    /// Completions for the end of `text` (the line up to the cursor).
    func complete(_ text: String) async -> ReplCompletion
    /// False once the session cannot evaluate any more (an attached serve went away).
    var isOpen: Bool { get }
}
