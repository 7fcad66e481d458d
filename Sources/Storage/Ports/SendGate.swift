/// The policy that decides, as a send is claimed, whether it may go to its recipient. Storage
/// holds no rule of its own: a backend calls the gate inside the transaction that claims the
/// row, with the stop list as that transaction reads it, so an opt-out committed first always
/// wins (SQLite in its write transaction; a shared backend under its row locks).
public protocol SendGate: Sendable {
    /// True when `row` must not be sent; `recipientStopped` says whether its recipient is on
    /// the stop list.
    func blocks(_ row: OutboxRow, recipientStopped: Bool) -> Bool
}
