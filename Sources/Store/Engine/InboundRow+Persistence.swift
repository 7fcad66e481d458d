import Foundation
import GRDB

// Written out rather than derived from Codable, like OutboxRow's: every reply is stored,
// claimed and marked handled.
extension InboundRow {
    public init(row: Row) throws {
        id = row["id"]
        provider = row["provider"]
        providerID = row["provider_id"]
        from = row["from_number"]
        to = row["to_number"]
        body = row["body"]
        receivedAt = row["received_at"]
        let statusText: String = row["status"]
        guard let parsed = Status(rawValue: statusText) else {
            throw StoreError(code: "corrupt_row", message: "inbound \(id ?? 0) has an unknown status '\(statusText)'")
        }
        status = parsed
        error = row["error"]
        handledAt = row["handled_at"]
    }

    public func encode(to container: inout PersistenceContainer) {
        container["id"] = id
        container["provider"] = provider
        container["provider_id"] = providerID
        container["from_number"] = from
        container["to_number"] = to
        container["body"] = body
        container["received_at"] = receivedAt.storageText
        container["status"] = status.rawValue
        container["error"] = error
        container["handled_at"] = handledAt?.storageText
    }
}

extension InboundRow {
    /// Inserts the message through a cached statement and sets its id, like OutboxRow.insertCached.
    mutating func insertCached(_ db: Database) throws {
        try db.cachedStatement(
            sql: """
                INSERT INTO inbound (provider, provider_id, from_number, to_number, body, received_at, status, error, handled_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """
        ).execute(arguments: [
            provider, providerID, from, to, body, receivedAt.storageText, status.rawValue, error, handledAt?.storageText,
        ])
        id = db.lastInsertedRowID
    }
}
