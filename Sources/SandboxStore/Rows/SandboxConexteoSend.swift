import Foundation

/// One Conexteo send ("campaign") as the sandbox's Conexteo emulation records it: what
/// `GET /messages` lists, `GET /messages/:id` details and `PUT /messages/:id/cancel` cancels.
/// Its messages (one per recipient) are `sandbox_message` rows whose `send_id` is this id.
public struct SandboxConexteoSend: Sendable, Hashable {
    /// How the send reaches handsets.
    public enum Channel: String, Sendable, Hashable {
        case sms, rcs
    }

    /// Where the send stands. A scheduled send whose time has passed counts as sent
    /// (``effectiveState(at:)``): the sandbox delivers at submission and only pretends to wait.
    public enum State: String, Sendable, Hashable {
        case sent, scheduled, cancelled
    }

    /// The `message_id` the send answered (its first message's id).
    public var id: String
    /// SMS or RCS.
    public var channel: Channel
    /// The text as submitted: a dynamic send's template before its variables are filled in, an
    /// RCS send's text or a summary of its cards.
    public var content: String
    /// The sender shown to recipients (the RCS fallback's sender for an RCS send).
    public var sender: String
    /// As stored; see ``effectiveState(at:)``.
    public var state: State
    /// How many recipients the send went to.
    public var recipientsCount: Int
    /// Credits debited at submission, refunded by a cancel.
    public var creditsRequired: Int
    /// SMS billed (segments times recipients); the recipient count for RCS.
    public var smsCount: Int
    /// The caller's dedup key, if any.
    public var externalID: String?
    /// The short-URL mode the send asked for, if any.
    public var shortURLMode: String?
    /// The URL to shorten, if any.
    public var shortURL: String?
    /// `text`, `card` or `carousel` for an RCS send.
    public var rcsType: String?
    /// An RCS send's `{data, fallback}` JSON as submitted.
    public var rcsPayload: String?
    /// When a scheduled send goes out; nil for an immediate send.
    public var scheduleAt: Date?
    /// When it was submitted.
    public var createdAt: Date
    /// When it was cancelled, if it was.
    public var cancelledAt: Date?

    /// Creates a send record.
    public init(
        id: String, channel: Channel, content: String, sender: String, state: State, recipientsCount: Int,
        creditsRequired: Int, smsCount: Int, externalID: String? = nil, shortURLMode: String? = nil,
        shortURL: String? = nil, rcsType: String? = nil, rcsPayload: String? = nil, scheduleAt: Date? = nil,
        createdAt: Date, cancelledAt: Date? = nil
    ) {
        self.id = id
        self.channel = channel
        self.content = content
        self.sender = sender
        self.state = state
        self.recipientsCount = recipientsCount
        self.creditsRequired = creditsRequired
        self.smsCount = smsCount
        self.externalID = externalID
        self.shortURLMode = shortURLMode
        self.shortURL = shortURL
        self.rcsType = rcsType
        self.rcsPayload = rcsPayload
        self.scheduleAt = scheduleAt
        self.createdAt = createdAt
        self.cancelledAt = cancelledAt
    }

    /// The state at `now`: a scheduled send whose time has come is sent.
    public func effectiveState(at now: Date) -> State {
        if state == .scheduled, let scheduleAt, scheduleAt <= now { return .sent }
        return state
    }

    /// True when a cancel at `now` can still stop the send.
    public func isCancellable(at now: Date) -> Bool {
        effectiveState(at: now) == .scheduled
    }
}
