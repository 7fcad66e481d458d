import Foundation
import PostgresNIO
import Storage

extension PostgresStore {
    public func recordDeliveries(_ reports: [DeliveryRow], cursor: String?, position: String?) async throws(StorageError) -> [DeliveryRow] {
        let logger = self.logger
        return try await write("storing \(reports.count) delivery report(s)") { db in
            var stored: [DeliveryRow] = []
            for report in reports {
                guard let row = try DeliveryRow.first(try await db.rows(report.insertQuery, logger)) else { continue }
                stored.append(row)
                // A late "sent" never overwrites "delivered" or "failed".
                try await db.execute(
                    """
                    UPDATE outbox SET delivery_status = \(report.status.rawValue)
                    WHERE provider_message_id = \(report.messageID) AND provider = \(report.provider)
                      AND NOT (\(report.status.rawValue) = 'sent' AND COALESCE(delivery_status IN ('delivered', 'failed'), false))
                    """, logger)
            }
            if let cursor, let position { try await PostgresStore.setCursor(cursor, to: position, db, logger) }
            return stored
        }
    }

    public func pendingDeliveries(limit: Int) async throws(StorageError) -> [DeliveryRow] {
        let logger = self.logger
        return try await read("listing unhandled delivery reports") { db in
            try DeliveryRow.all(
                try await db.rows(
                    "SELECT \(unescaped: DeliveryRow.columns) FROM delivery WHERE handling = 'pending' ORDER BY id LIMIT \(limit)", logger))
        }
    }

    public func finishDeliveries(_ results: [(id: Int64, error: String?)], now: Date) async throws(StorageError) {
        let logger = self.logger
        let ids = results.map(\.id)
        let errors = results.map(\.error)
        try await write("marking \(results.count) delivery report(s) handled") { db in
            for (id, error) in zip(ids, errors) {
                try await db.execute(
                    "UPDATE delivery SET handling = 'handled', handler_error = \(error), handled_at = \(now.pg) WHERE id = \(id)", logger)
            }
        }
    }

    public func recentDeliveries(limit: Int) async throws(StorageError) -> [DeliveryRow] {
        let logger = self.logger
        return try await read("listing delivery reports") { db in
            try DeliveryRow.all(try await db.rows("SELECT \(unescaped: DeliveryRow.columns) FROM delivery ORDER BY id DESC LIMIT \(limit)", logger))
        }
    }
}
