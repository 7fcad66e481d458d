import Foundation
import PostgresNIO
import SandboxStore
import Storage

extension PostgresSandboxStore {
    /// The network's reports on the messages stored after `position` (0 for all), oldest
    /// first, at most `limit`; each such message is marked delivered (an idempotent step, so a
    /// poller that crashes before storing the reports gets them again). A message's position
    /// is its `seq`, which becomes visible in order (see ``AppendedTable``).
    public func deliveryReports(after position: Int64, limit: Int) async throws(StorageError) -> [SandboxDeliveryReport] {
        let logger = self.logger
        return try await write("reporting sandbox deliveries") { db in
            try await PostgresSandboxStore.waitTurns(db, logger)
            // One statement: a message a cancel changes meanwhile is locked, then re-read and left out.
            let rows = try await db.rows(
                """
                UPDATE sandbox_message SET status = 'delivered'
                WHERE seq IN (
                  SELECT seq FROM sandbox_message WHERE seq > \(position) AND status IN ('accepted', 'delivered')
                  ORDER BY seq LIMIT \(limit) FOR UPDATE)
                RETURNING seq, id, to_number, created_at
                """, logger)
            return try rows.map { row in
                let c = PostgresColumns(row)
                return SandboxDeliveryReport(
                    position: try c("seq"), messageID: try c("id"), to: try c("to_number"), occurredAt: try c("created_at"))
            }.sorted { $0.position < $1.position }
        }
    }
}
