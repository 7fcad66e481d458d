import Storage

/// The stop-list gate (DESIGN.md §2.7), the one rule every path that sends is held to: nothing
/// goes to a number on the stop list but the one confirmation of its opt-out (class `policy`).
/// The dispatcher and the flow engine hand the policy's gate to the storage, which asks it in
/// the transaction that claims a send, so an opt-out committed first always wins.
public struct StopListGate: SendGate {
    /// The gate.
    public init() {}

    /// True when the recipient opted out and the send is not its opt-out's confirmation.
    public func blocks(_ row: OutboxRow, recipientStopped: Bool) -> Bool {
        recipientStopped && row.sendClass != .policy
    }
}
