import GRDB
import SandboxStore
import Storage

extension SQLiteSandboxStore {
    /// Stores `message` unless one with the same external id exists (checked in the same
    /// transaction, so two concurrent sends with one key store one message).
    public func insertSandboxMessage(_ message: SandboxMessage) async throws(StorageError) -> SandboxInsert {
        try await write("storing sandbox message \(message.id)") { db in
            if let key = message.externalID,
                let existing = try SandboxMessage.fetchOne(
                    db.cachedStatement(sql: "SELECT * FROM sandbox_message WHERE external_id = ?"), arguments: [key])
            {
                return .alreadyProcessed(existing)
            }
            try message.insertCached(db)
            return .inserted(message)
        }
    }

    /// Sandbox messages, oldest first; `limit` keeps the newest ones.
    public func sandboxMessages(limit: Int?) async throws(StorageError) -> [SandboxMessage] {
        try await read("listing sandbox messages") { db in
            var request = SandboxMessage.order(Column("created_at").desc, Column("rowid").desc)
            if let limit { request = request.limit(limit) }
            return try request.fetchAll(db).reversed()
        }
    }

    /// The sandbox message with `id`, if any.
    public func sandboxMessage(id: String) async throws(StorageError) -> SandboxMessage? {
        try await read("reading sandbox message \(id)") { db in try SandboxMessage.fetchOne(db, key: id) }
    }
}
