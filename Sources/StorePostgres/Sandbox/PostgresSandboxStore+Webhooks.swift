import Foundation
import PostgresNIO
import SandboxStore
import Storage

// The Conerix emulation's webhook endpoints and its attempts at delivering events to them.

extension PostgresSandboxStore {
    /// Stores a new sandbox webhook endpoint.
    public func insertSandboxWebhookEndpoint(_ endpoint: SandboxWebhookEndpoint) async throws(StorageError) {
        let logger = self.logger
        let e = endpoint
        try await write("storing webhook endpoint \(endpoint.id)") { db in
            try await db.execute(
                """
                INSERT INTO sandbox_webhook_endpoint (id, url, description, events, signing_secret, is_active, created_at)
                VALUES (\(e.id), \(e.url), \(e.description), \(e.eventsJSON), \(e.signingSecret), \(e.isActive), \(e.createdAt.pg))
                """, logger)
        }
    }

    /// Sandbox webhook endpoints, oldest first.
    public func sandboxWebhookEndpoints() async throws(StorageError) -> [SandboxWebhookEndpoint] {
        let logger = self.logger
        return try await read("listing webhook endpoints") { db in
            try SandboxWebhookEndpoint.all(
                try await db.rows(
                    "SELECT \(unescaped: SandboxWebhookEndpoint.columns) FROM sandbox_webhook_endpoint ORDER BY created_at, seq", logger))
        }
    }

    /// Records one delivery attempt and returns it with its `seq`.
    public func insertSandboxWebhookDelivery(_ delivery: SandboxWebhookDelivery) async throws(StorageError) -> SandboxWebhookDelivery {
        let logger = self.logger
        let d = delivery
        return try await write("recording a delivery of \(delivery.eventID) to \(delivery.endpointID)") { db in
            try await PostgresSandboxStore.appendLock(.webhookDelivery, db, logger)
            guard
                let stored = try SandboxWebhookDelivery.first(
                    try await db.rows(
                        """
                        INSERT INTO sandbox_webhook_delivery (endpoint_id, event_id, event_type, message_id, attempt, status_code, error,
                          attempted_at)
                        VALUES (\(d.endpointID), \(d.eventID), \(d.eventType), \(d.messageID), \(d.attempt), \(d.statusCode), \(d.error),
                          \(d.attemptedAt.pg))
                        RETURNING \(unescaped: SandboxWebhookDelivery.columns)
                        """, logger))
            else { throw StorageError(.internal, "the delivery of \(delivery.eventID) was not recorded") }
            return stored
        }
    }

    /// Delivery attempts after `seq` (0 for all), oldest first, optionally for one endpoint only,
    /// at most `limit`.
    public func sandboxWebhookDeliveries(
        endpointID: String?, after seq: Int64, limit: Int?
    ) async throws(StorageError) -> [SandboxWebhookDelivery] {
        let logger = self.logger
        return try await read("listing webhook deliveries") { db in
            try SandboxWebhookDelivery.all(
                try await db.rows(
                    """
                    SELECT \(unescaped: SandboxWebhookDelivery.columns) FROM sandbox_webhook_delivery
                    WHERE seq > \(seq) AND (\(endpointID)::text IS NULL OR endpoint_id = \(endpointID))
                    ORDER BY seq LIMIT \(limit)
                    """, logger))
        }
    }
}
