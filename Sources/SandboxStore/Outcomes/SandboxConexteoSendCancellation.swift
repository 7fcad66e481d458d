/// The outcome of cancelling a sandbox Conexteo send.
public enum SandboxConexteoSendCancellation: Sendable, Hashable {
    /// The send was scheduled and is now cancelled; its credits went back to the account.
    case cancelled(SandboxConexteoSend, creditsRefunded: Int, creditsRemaining: Int)
    /// No send has this id.
    case notFound
    /// The send already went out or was already cancelled: nothing changed.
    case notCancellable(SandboxConexteoSend)
}
