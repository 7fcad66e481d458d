/// What enqueuing a send did.
public enum OutboxEnqueue: Sendable, Hashable {
    /// The row is new.
    case inserted(OutboxRow)
    /// A row with the same dedup key exists (a handler re-run after a crash): here it is.
    case existing(OutboxRow)
}
