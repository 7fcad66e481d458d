import Foundation
import GRDB
import Storage

extension SQLiteStore {
    /// Stores `reports` (skipping events already stored) and records each one's status on the
    /// outbox row it is about; moves cursor `cursor` to `position` in the same transaction.
    /// Returns the newly stored rows.
    @discardableResult
    public func recordDeliveries(
        _ reports: [DeliveryRow], cursor: String? = nil, position: String? = nil
    ) async throws(StorageError) -> [DeliveryRow] {
        try await write("storing \(reports.count) delivery report(s)") { db in
            var stored: [DeliveryRow] = []
            // Cached statements: every sandbox send reports a delivery, so this is a hot path.
            let update = try db.cachedStatement(
                sql: """
                    UPDATE outbox SET delivery_status = ?
                    WHERE provider_message_id = ? AND provider = ?
                      AND NOT (? = 'sent' AND delivery_status IN ('delivered', 'failed'))
                    """)
            for report in reports {
                let exists = try Bool.fetchOne(
                    db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM delivery WHERE provider = ? AND event_id = ?)"),
                    arguments: [report.provider, report.eventID])
                if exists == true { continue }
                var row = report
                try row.insertCached(db)
                stored.append(row)
                // A late "sent" never overwrites "delivered" or "failed".
                try update.execute(arguments: [report.status.rawValue, report.messageID, report.provider, report.status.rawValue])
            }
            if let cursor, let position {
                try db.setCursor(cursor, to: position)
            }
            return stored
        }
    }

    /// Delivery reports whose handlers have not run to completion, oldest first.
    public func pendingDeliveries(limit: Int = 256) async throws(StorageError) -> [DeliveryRow] {
        try await read("listing unhandled delivery reports") { db in
            try DeliveryRow.filter(Column("handling") == DeliveryRow.Handling.pending.rawValue).order(Column("id"))
                .limit(limit).fetchAll(db)
        }
    }

    /// Marks reports handled, each with its handler failures if any.
    public func finishDeliveries(_ results: [(id: Int64, error: String?)], now: Date) async throws(StorageError) {
        try await write("marking \(results.count) delivery report(s) handled") { db in
            for result in results {
                try db.execute(
                    sql: "UPDATE delivery SET handling = 'handled', handler_error = ?, handled_at = ? WHERE id = ?",
                    arguments: [result.error, now, result.id])
            }
        }
    }

    /// The outbox row a report is about, if the send was made here.
    public func outboxRow(provider: String, messageID: String) async throws(StorageError) -> OutboxRow? {
        try await read("finding the send of message \(messageID)") { db in
            try OutboxRow.filter(Column("provider") == provider && Column("provider_message_id") == messageID).fetchOne(db)
        }
    }

    /// The last `limit` delivery reports, newest first.
    public func recentDeliveries(limit: Int = 20) async throws(StorageError) -> [DeliveryRow] {
        try await read("listing delivery reports") { db in
            try DeliveryRow.order(Column("id").desc).limit(limit).fetchAll(db)
        }
    }
}
