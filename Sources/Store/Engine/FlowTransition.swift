import Foundation

/// What a run's state becomes in the transaction that journals its steps.
public enum FlowTransition: Sendable, Hashable {
    /// It stays active (a send, or steps recorded on the way).
    case stay
    /// `flow:sleep`: sleeping until the instant.
    case sleep(until: Date)
    /// `flow:ask`: waiting for a reply at `step`, until `deadline` (nil: no timeout).
    case wait(step: Int, deadline: Date?)
    /// The function returned.
    case complete
    /// The run cannot go on.
    case fail(code: String, message: String)
}

/// What journaling steps found.
public enum FlowAdvance: Sendable, Hashable {
    /// Recorded; with the outbox row's fate when a send was queued with it.
    case recorded(Store.OutboxEnqueue?)
    /// The run is no longer active (cancelled, stopped...): nothing was recorded.
    case notActive(FlowRunRow.Status?)
}

/// What starting a run did.
public enum FlowStart: Sendable, Hashable {
    /// The run is stored, active.
    case started(FlowRunRow)
    /// The number already has a live run of this flow (and parallel runs were not allowed).
    case refused(existing: FlowRunRow)
}
