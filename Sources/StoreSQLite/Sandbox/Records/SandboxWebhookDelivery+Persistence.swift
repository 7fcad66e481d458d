import Foundation
import GRDB
import SandboxStore
import Storage

extension SandboxWebhookDelivery: SQLiteMapped {
    static var tableName: String { "sandbox_webhook_delivery" }

    init(row: Row) throws {
        self.init(
            endpointID: row["endpoint_id"], eventID: row["event_id"], eventType: row["event_type"],
            messageID: row["message_id"], attempt: row["attempt"], statusCode: row["status_code"], error: row["error"],
            attemptedAt: row["attempted_at"])
        seq = row["seq"]
    }

    func encode(to container: inout PersistenceContainer) {
        container["seq"] = seq
        container["endpoint_id"] = endpointID
        container["event_id"] = eventID
        container["event_type"] = eventType
        container["message_id"] = messageID
        container["attempt"] = attempt
        container["status_code"] = statusCode
        container["error"] = error
        container["attempted_at"] = attemptedAt
    }

    mutating func didInsert(rowID: Int64) { seq = rowID }
}
