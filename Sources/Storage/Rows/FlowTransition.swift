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
