import Foundation
import GRDB
import Storage

extension DeliveryRow: SQLiteMapped {
    static var tableName: String { "delivery" }

    init(row: Row) throws {
        self.init(
            provider: row["provider"], eventID: row["event_id"], messageID: row["message_id"], to: row["to_number"],
            status: try row.vocabulary("status", table: "delivery", row: row.idText), error: row["error"],
            occurredAt: row["occurred_at"])
        id = row["id"]
        handling = try row.vocabulary("handling", table: "delivery", row: row.idText)
        handlerError = row["handler_error"]
        handledAt = row["handled_at"]
    }

    func encode(to container: inout PersistenceContainer) {
        container["id"] = id
        container["provider"] = provider
        container["event_id"] = eventID
        container["message_id"] = messageID
        container["to_number"] = to
        container["status"] = status.rawValue
        container["error"] = error
        container["occurred_at"] = occurredAt.storageText
        container["handling"] = handling.rawValue
        container["handler_error"] = handlerError
        container["handled_at"] = handledAt?.storageText
    }

    mutating func didInsert(rowID: Int64) { id = rowID }

    /// Inserts the report through a cached statement and sets its id, like InboundRow.insertCached.
    mutating func insertCached(_ db: Database) throws {
        try db.cachedStatement(
            sql: """
                INSERT INTO delivery (provider, event_id, message_id, to_number, status, error, occurred_at, handling,
                    handler_error, handled_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """
        ).execute(arguments: [
            provider, eventID, messageID, to, status.rawValue, error, occurredAt.storageText, handling.rawValue,
            handlerError, handledAt?.storageText,
        ])
        id = db.lastInsertedRowID
    }
}
