import Storage

/// A send gate for the contract: whatever `decide` says. The backend must ask it with the stop
/// list as its claiming transaction reads it, and do what it answers.
struct ContractGate: SendGate {
    let decide: @Sendable (OutboxRow, Bool) -> Bool

    /// Blocks a stopped recipient's rows, except those whose dedup key is in `letThrough`.
    static func stopList(letThrough: Set<String> = []) -> ContractGate {
        ContractGate { row, stopped in stopped && !letThrough.contains(row.dedupKey) }
    }

    func blocks(_ row: OutboxRow, recipientStopped: Bool) -> Bool { decide(row, recipientStopped) }
}
