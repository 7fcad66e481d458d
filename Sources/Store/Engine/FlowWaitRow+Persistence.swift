import Foundation
import GRDB

// Written out rather than derived from Codable, like FlowRunRow's.
extension FlowWaitRow {
    public init(row: Row) throws {
        runID = row["run_id"]
        step = row["step"]
        phone = row["phone"]
        deadline = row["deadline"]
        afterInboundID = row["after_inbound_id"]
        createdAt = row["created_at"]
    }

    public func encode(to container: inout PersistenceContainer) {
        container["run_id"] = runID
        container["step"] = step
        container["phone"] = phone
        container["deadline"] = deadline?.storageText
        container["after_inbound_id"] = afterInboundID
        container["created_at"] = createdAt.storageText
    }
}

extension FlowWaitRow {
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
