import Foundation
import GRDB
import SandboxStore
import Storage

extension SQLiteSandboxStore {
    /// The network's reports on the messages stored after `position` (0 for all), oldest
    /// first, at most `limit`; each such message is marked delivered (an idempotent step, so a
    /// poller that crashes before storing the reports gets them again).
    public func deliveryReports(after position: Int64, limit: Int) async throws(StorageError) -> [SandboxDeliveryReport] {
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
                return SandboxDeliveryReport(position: row["rowid"], messageID: id, to: row["to_number"], occurredAt: row["created_at"])
            }
        }
    }
}
