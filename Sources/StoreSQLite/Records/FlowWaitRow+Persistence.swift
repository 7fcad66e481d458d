import Foundation
import GRDB
import Storage

// Written out rather than derived from Codable, like FlowRunRow's.
extension FlowWaitRow: SQLiteMapped {
    static var tableName: String { "flow_wait" }

    init(row: Row) throws {
        self.init(runID: row["run_id"], step: row["step"], phone: row["phone"], deadline: row["deadline"], createdAt: row["created_at"])
        afterInboundID = row["after_inbound_id"]
    }

    func encode(to container: inout PersistenceContainer) {
        container["run_id"] = runID
        container["step"] = step
        container["phone"] = phone
        container["deadline"] = deadline?.storageText
        container["after_inbound_id"] = afterInboundID
        container["created_at"] = createdAt.storageText
    }

    /// Stores the wait (replacing the run's previous one) through a cached statement.
    func saveCached(_ db: Database) throws {
        try db.cachedStatement(
            sql: """
                INSERT OR REPLACE INTO flow_wait (run_id, step, phone, deadline, after_inbound_id, created_at)
                VALUES (?, ?, ?, ?, ?, ?)
                """
        ).execute(arguments: [runID, step, phone, deadline?.storageText, afterInboundID, createdAt.storageText])
    }
}
