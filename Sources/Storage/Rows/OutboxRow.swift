import Foundation

/// One send in the outbox: committed with its dedup key before the provider is called, then
/// updated with the provider's answer (DESIGN.md §2.4).
public struct OutboxRow: Sendable, Hashable {
    /// Where a row is in its life.
    public enum Status: String, Sendable, Hashable, CaseIterable {
        /// Waiting for the dispatcher (now, or at `notBefore`).
        case pending
        /// Held by the send window until `notBefore`.
        case deferred
        /// Handed to the provider; the answer is not recorded yet.
        case sending
        /// Accepted by the provider (or already processed under its dedup key).
        case sent
        /// Refused for good (validation, billing, auth...).
        case failed
        /// Not sent: the recipient opted out.
        case blocked
        /// The provider may or may not have sent it, and it has no dedup to ask again safely.
        case unknown
    }

    public var id: Int64?
    /// Unique per intended send: the same key never sends twice.
    public var dedupKey: String
    public var to: String
    public var from: String?
    public var body: String
    /// What it is for, which decides the send window and the stop list's verdict.
    public var sendClass: SendClass
    /// Who asked.
    public var origin: Origin
    public var status: Status
    /// The earliest instant the dispatcher may send it.
    public var notBefore: Date
    public var attempts: Int
    public var segments: Int
    public var encoding: Encoding
    public var provider: String?
    public var providerMessageID: String?
    public var errorCode: String?
    public var errorMessage: String?
    public var createdAt: Date
    public var updatedAt: Date
    /// The last delivery report's status, once one arrived.
    public var deliveryStatus: DeliveryStatus?
    /// An RCS send's content as JSON (`body` then holds its text, for display); nil for SMS.
    public var payload: String?
    /// The flow run that queued it, if one did: cancelling the run cancels it.
    public var flowRunID: Int64?
    /// True when the provider answered that its external id was already processed (Conexteo's
    /// 409): nothing new went out for this row, a send made earlier stands for it.
    public var alreadyProcessed = false

    /// A row not yet stored.
    public init(
        dedupKey: String, to: String, from: String?, body: String, sendClass: SendClass, origin: Origin, status: Status,
        notBefore: Date, segments: Int, encoding: Encoding, createdAt: Date
    ) {
        self.dedupKey = dedupKey
        self.to = to
        self.from = from
        self.body = body
        self.sendClass = sendClass
        self.origin = origin
        self.status = status
        self.notBefore = notBefore
        self.attempts = 0
        self.segments = segments
        self.encoding = encoding
        self.createdAt = createdAt
        self.updatedAt = createdAt
    }
}
