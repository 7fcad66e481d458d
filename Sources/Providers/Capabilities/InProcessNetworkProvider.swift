/// A provider whose network runs inside Moonwire, on the store (the sandbox): replies injected
/// into it (`moonwire sandbox reply`, `sandbox.reply`, `POST /_sandbox/replies`) and its delivery
/// reports reach the engine when asked, not over the wire. Its time may be virtual.
public protocol InProcessNetworkProvider: MessagingProvider {
    /// Moves up to `limit` replies injected since the last call into the inbound log (with their
    /// cursor, in one transaction); returns how many were new.
    func collectReplies(limit: Int) async throws(ProviderError) -> Int
    /// Reports the messages the network has delivered since the last call; returns how many.
    func reportDeliveries() async throws(ProviderError) -> Int
}
