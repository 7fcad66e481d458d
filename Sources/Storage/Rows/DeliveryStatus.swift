/// What a delivery report says became of a send, stored as its raw text (on a report, and as the
/// outbox row's last known delivery status).
public enum DeliveryStatus: String, Sendable, Hashable, CaseIterable {
    /// Accepted upstream (by the operator), not yet confirmed on the handset.
    case sent
    /// Delivered to the handset.
    case delivered
    /// Not delivered, for good.
    case failed
}
