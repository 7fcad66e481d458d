/// The outcome of recording one sandbox send to one or more recipients.
public enum SandboxSend: Sendable, Hashable {
    /// Every message was stored; `creditsRemaining` is the balance after the debit, if one was made.
    case inserted([SandboxMessage], creditsRemaining: Int?)
    /// A message with one of the external ids was already stored: nothing was stored or debited.
    case alreadyProcessed(SandboxMessage)
    /// The account's balance does not cover the debit: nothing was stored.
    case insufficientCredits(available: Int)
}
