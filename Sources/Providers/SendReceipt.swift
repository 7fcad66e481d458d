import Foundation

/// A provider's answer to a send it accepted.
public struct SendReceipt: Sendable, Hashable {
    /// The provider's message id.
    public var id: String
    /// The provider's status word, e.g. "accepted".
    public var status: String
    /// The recipient, E.164.
    public var to: String
    /// The sender shown to the recipient.
    public var from: String
    public var segments: Int
    /// "GSM-7" or "UCS-2".
    public var encoding: String
    /// The caller's dedup key, if any.
    public var externalID: String?
    public var createdAt: Date
    /// True when the provider had already processed this external id and did not send again.
    public var alreadyProcessed: Bool

    /// Creates a receipt.
    public init(
        id: String, status: String, to: String, from: String, segments: Int, encoding: String,
        externalID: String?, createdAt: Date, alreadyProcessed: Bool = false
    ) {
        self.id = id
        self.status = status
        self.to = to
        self.from = from
        self.segments = segments
        self.encoding = encoding
        self.externalID = externalID
        self.createdAt = createdAt
        self.alreadyProcessed = alreadyProcessed
    }
}
