/// A provider that sends RCS (Conexteo, and the sandbox which records it); Conerix does not.
public protocol RCSProvider: MessagingProvider {
    /// Sends one RCS message under its `externalID`.
    func sendRCS(_ message: RCSMessage) async throws(ProviderError) -> SendReceipt
}
