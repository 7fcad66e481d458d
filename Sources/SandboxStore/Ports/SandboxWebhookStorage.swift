import Storage

/// The Conerix emulation's webhook endpoints and its attempts at delivering events to them.
public protocol SandboxWebhookStorage: Sendable {
    /// Stores a new sandbox webhook endpoint.
    func insertSandboxWebhookEndpoint(_ endpoint: SandboxWebhookEndpoint) async throws(StorageError)
    /// Sandbox webhook endpoints, oldest first.
    func sandboxWebhookEndpoints() async throws(StorageError) -> [SandboxWebhookEndpoint]
    /// Records one delivery attempt and returns it with its `seq`.
    func insertSandboxWebhookDelivery(_ delivery: SandboxWebhookDelivery) async throws(StorageError) -> SandboxWebhookDelivery
    /// Delivery attempts after `seq` (0 for all), oldest first, optionally for one endpoint only,
    /// at most `limit`.
    func sandboxWebhookDeliveries(endpointID: String?, after seq: Int64, limit: Int?) async throws(StorageError)
        -> [SandboxWebhookDelivery]
}

extension SandboxWebhookStorage {
    /// Every delivery attempt, oldest first, optionally for one endpoint only.
    public func sandboxWebhookDeliveries(endpointID: String? = nil) async throws(StorageError) -> [SandboxWebhookDelivery] {
        try await sandboxWebhookDeliveries(endpointID: endpointID, after: 0, limit: nil)
    }
}
