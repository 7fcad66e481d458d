import Foundation
import GRDB
import Storage

// Written out rather than derived from Codable, like OutboxRow's: every reply is stored,
// claimed and marked handled.
extension InboundRow: SQLiteMapped {
    static var tableName: String { "inbound" }

    init(row: Row) throws {
        let status: Status = try row.vocabulary("status", table: "inbound", row: row.idText)
        self.init(
            provider: row["provider"], providerID: row["provider_id"], from: row["from_number"], to: row["to_number"],
            body: row["body"], receivedAt: row["received_at"])
        id = row["id"]
        self.status = status
        error = row["error"]
        handledAt = row["handled_at"]
    }

    func encode(to container: inout PersistenceContainer) {
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

    mutating func didInsert(rowID: Int64) { id = rowID }

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
