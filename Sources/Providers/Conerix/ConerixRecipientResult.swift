/// What happened to one recipient of a bulk send.
public struct ConerixRecipientResult: Sendable, Hashable {
    /// The recipient, E.164.
    public var to: String
    /// Conerix's message id, when it created a message.
    public var messageID: String?
    /// Conerix's status word (`sent`, `failed`, ...), or `failed` when the request itself failed.
    public var status: String
    public var cost: Double?
    /// Why this recipient failed, if it did.
    public var error: ProviderError?

    /// True when Conerix accepted the message for this recipient.
    public var succeeded: Bool { error == nil && status != "failed" }

    /// Creates a result.
    public init(to: String, messageID: String?, status: String, cost: Double? = nil, error: ProviderError? = nil) {
        self.to = to
        self.messageID = messageID
        self.status = status
        self.cost = cost
        self.error = error
    }
}
