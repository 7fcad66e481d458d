import Foundation

/// What journaling steps found.
public enum FlowAdvance: Sendable, Hashable {
    /// Recorded; with the outbox row's fate when a send was queued with it.
    case recorded(OutboxEnqueue?)
    /// The run is no longer active (cancelled, stopped...): nothing was recorded.
    case notActive(FlowRunRow.Status?)
}
