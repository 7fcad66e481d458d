import GRDB
import SandboxStore
import Storage

extension SQLiteSandboxStore {
    /// Records one delivery attempt and returns it with its `seq`.
    public func insertSandboxWebhookDelivery(_ delivery: SandboxWebhookDelivery) async throws(StorageError) -> SandboxWebhookDelivery {
        try await write("recording a delivery of \(delivery.eventID) to \(delivery.endpointID)") { db in
            var stored = delivery
            try stored.insert(db)
            return stored
        }
    }

    /// Delivery attempts after `seq` (0 for all), oldest first, optionally for one endpoint only,
    /// at most `limit`.
    public func sandboxWebhookDeliveries(
        endpointID: String?, after seq: Int64, limit: Int?
    ) async throws(StorageError) -> [SandboxWebhookDelivery] {
        try await read("listing webhook deliveries") { db in
            var request = SandboxWebhookDelivery.filter(Column("seq") > seq)
            if let endpointID { request = request.filter(Column("endpoint_id") == endpointID) }
            request = request.order(Column("seq"))
            if let limit { request = request.limit(limit) }
            return try request.fetchAll(db)
        }
    }
}
