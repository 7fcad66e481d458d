import Providers
import Storage

/// What became of a send submitted to the dispatcher.
public enum SendOutcome: Sendable {
    /// The provider accepted it (or had already processed its key); `duplicate` when the dedup
    /// key was already in the outbox and nothing was sent this time.
    case sent(OutboxRow, duplicate: Bool)
    /// Held by the send window; the dispatcher sends it at `row.notBefore`.
    case deferred(OutboxRow)
    /// Not sent: the recipient opted out.
    case blocked(OutboxRow)
    /// The provider refused it or could not be reached; `queued` when the dispatcher will try again.
    case failed(OutboxRow, code: String, message: String, retryable: Bool, queued: Bool)
    /// Another task is sending this very row (same dedup key) right now.
    case inFlight(OutboxRow)

    /// The outbox row.
    public var row: OutboxRow {
        switch self {
        case .sent(let r, _), .deferred(let r), .blocked(let r), .inFlight(let r): r
        case .failed(let r, _, _, _, _): r
        }
    }
}
