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
        container["deadline"] = deadline
        container["after_inbound_id"] = afterInboundID
        container["created_at"] = createdAt
    }
}
