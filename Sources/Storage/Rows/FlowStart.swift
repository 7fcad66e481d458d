import Foundation

/// What starting a run did.
public enum FlowStart: Sendable, Hashable {
    /// The run is stored, active.
    case started(FlowRunRow)
    /// The number already has a live run of this flow (and parallel runs were not allowed).
    case refused(existing: FlowRunRow)
}
