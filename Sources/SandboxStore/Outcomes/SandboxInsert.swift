/// The outcome of recording a sandbox send.
public enum SandboxInsert: Sendable, Hashable {
    /// The message was new and is now stored.
    case inserted(SandboxMessage)
    /// A message with the same external id was already stored; here it is, unchanged.
    case alreadyProcessed(SandboxMessage)
}
