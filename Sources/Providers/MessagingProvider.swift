import SMSCore

/// A provider Moonwire sends through: the sandbox, Conexteo or Conerix.
public protocol MessagingProvider: Sendable {
    /// The provider's name as configured (`sandbox`, `conexteo`, `conerix`).
    var name: String { get }
    /// Sends one validated message.
    func send(_ message: OutboundMessage) async throws(ProviderError) -> SendReceipt
}
