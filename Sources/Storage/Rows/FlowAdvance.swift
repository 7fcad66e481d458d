import Foundation

/// What journaling steps found.
public enum FlowAdvance: Sendable, Hashable {
    /// Recorded; with the outbox row's fate when a send was queued with it.
    case recorded(OutboxEnqueue?)
    /// The run is no longer active (cancelled, stopped...): nothing was recorded.
    case notActive(FlowRunRow.Status?)
    /// Another live worker holds the run (this one's claim lapsed and was taken over): nothing
    /// was recorded.
    case claimedElsewhere(worker: String)
}
