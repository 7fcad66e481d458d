/// The result of a Conexteo send: either Conexteo's answer, or its 409 saying this external id
/// was already processed (which counts as success, and is never retried).
public struct ConexteoSendOutcome: Sendable, Hashable {
    /// The dedup key the send carried (the caller's, or one generated for it).
    public var externalID: String
    /// True when Conexteo answered 409 "External ID already processed": nothing was sent now.
    public var alreadyProcessed: Bool
    /// Conexteo's answer; nil when already processed (the 409 carries no message id).
    public var response: ConexteoSendResponse?

    /// Creates an outcome.
    public init(externalID: String, alreadyProcessed: Bool, response: ConexteoSendResponse?) {
        self.externalID = externalID
        self.alreadyProcessed = alreadyProcessed
        self.response = response
    }
}
