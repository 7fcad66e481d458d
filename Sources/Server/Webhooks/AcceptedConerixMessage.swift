/// A message the Conerix emulation accepted, as its webhook events describe it.
struct AcceptedConerixMessage: Sendable, Hashable {
    /// `msg_…`.
    var id: String
    /// The recipient, E.164.
    var to: String
    /// The sender id.
    var from: String
    /// The caller's `reference`, echoed in the events [V: "echoed back in webhooks"].
    var reference: String?
}
