/// The webhook events Conerix sends.
public enum ConerixEventType: String, Sendable, Hashable, CaseIterable, Codable {
    /// The upstream carrier accepted the message.
    case sent = "message.sent"
    /// The handset confirmed delivery.
    case delivered = "message.delivered"
    /// A provider error, a blocklisted number, or undeliverable.
    case failed = "message.failed"
}
