/// What claiming a row for dispatch found.
public enum OutboxClaim: Sendable, Hashable {
    /// The row is now `sending` and belongs to the caller.
    case claimed(OutboxRow)
    /// The recipient is on the stop list: the row is now `blocked`.
    case blocked(OutboxRow)
    /// Someone else has it, it is not due, or it is finished: here it is as it stands.
    case unavailable(OutboxRow?)
}
