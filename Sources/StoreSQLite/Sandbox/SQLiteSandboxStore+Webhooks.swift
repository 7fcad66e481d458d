import GRDB
import SandboxStore
import Storage

extension SQLiteSandboxStore {
    /// Stores a new sandbox webhook endpoint.
    public func insertSandboxWebhookEndpoint(_ endpoint: SandboxWebhookEndpoint) async throws(StorageError) {
        try await write("storing webhook endpoint \(endpoint.id)") { db in
            var stored = endpoint
            try stored.insert(db)
        }
    }

    /// Sandbox webhook endpoints, oldest first.
    public func sandboxWebhookEndpoints() async throws(StorageError) -> [SandboxWebhookEndpoint] {
        try await read("listing webhook endpoints") { db in
            try SandboxWebhookEndpoint.order(Column("created_at"), Column("rowid")).fetchAll(db)
        }
    }
}
