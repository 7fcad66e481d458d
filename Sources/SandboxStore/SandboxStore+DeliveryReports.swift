import Foundation
import GRDB
import Storage
import Storage

extension SandboxStore {
    /// A report the sandbox network makes about one message it accepted: delivered, at the
    /// instant it was accepted. `position` orders them, for a poller's cursor.
    public struct DeliveryReport: Sendable, Hashable {
        public var position: Int64
        public var messageID: String
        public var to: String
        public var occurredAt: Date
    }

    /// The network's reports on the messages stored after `position` (0 for all), oldest
    /// first, at most `limit`; each such message is marked delivered (an idempotent step, so a
    /// poller that crashes before storing the reports gets them again).
    public func deliveryReports(after position: Int64, limit: Int = 512) async throws(StorageError) -> [DeliveryReport] {
        try await write("reporting sandbox deliveries") { db in
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT rowid, id, to_number, created_at FROM sandbox_message
                    WHERE rowid > ? AND status IN ('accepted', 'delivered') ORDER BY rowid LIMIT ?
                    """,
                arguments: [position, limit])
            let mark = try db.cachedStatement(sql: "UPDATE sandbox_message SET status = 'delivered' WHERE id = ?")
            return try rows.map { row in
                let id: String = row["id"]
                try mark.execute(arguments: [id])
                return DeliveryReport(position: row["rowid"], messageID: id, to: row["to_number"], occurredAt: row["created_at"])
            }
        }
    }
}
