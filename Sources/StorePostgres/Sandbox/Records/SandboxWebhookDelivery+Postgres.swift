import Foundation
import PostgresNIO
import SandboxStore

extension SandboxWebhookDelivery: PostgresMapped {
    static let columns = "seq, endpoint_id, event_id, event_type, message_id, attempt, status_code, error, attempted_at"

    init(postgres c: PostgresColumns) throws {
        self.init(
            endpointID: try c("endpoint_id"), eventID: try c("event_id"), eventType: try c("event_type"),
            messageID: try c("message_id"), attempt: try c("attempt"), statusCode: try c("status_code"), error: try c("error"),
            attemptedAt: try c("attempted_at"))
        seq = try c("seq")
    }
}
