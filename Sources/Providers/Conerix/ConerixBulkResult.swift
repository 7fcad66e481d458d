/// The outcome of a bulk send, per recipient, in the order given, across every request it took.
public struct ConerixBulkResult: Sendable, Hashable {
    /// One entry per recipient given.
    public var recipients: [ConerixRecipientResult]
    /// How many HTTP requests (chunks of at most 1,000) the send took.
    public var requestCount: Int

    /// Recipients Conerix accepted.
    public var sent: Int { recipients.count { $0.succeeded } }
    /// Recipients that failed, for whatever reason.
    public var failed: Int { recipients.count - sent }

    /// Creates a result.
    public init(recipients: [ConerixRecipientResult], requestCount: Int) {
        self.recipients = recipients
        self.requestCount = requestCount
    }
}
