import Foundation
import PostgresNIO
import Storage

extension OutboxRow: PostgresMapped {
    static let columns = """
        id, dedup_key, to_number, sender, body, send_class, origin, status, not_before, attempts, segments, encoding, provider,
        provider_message_id, error_code, error_message, created_at, updated_at, delivery_status, payload, flow_run_id,
        already_processed
        """

    init(postgres c: PostgresColumns) throws {
        self.init(
            dedupKey: try c("dedup_key"), to: try c("to_number"), from: try c("sender"), body: try c("body"),
            sendClass: try c.vocabulary("send_class"), origin: try c.vocabulary("origin"), status: try c.vocabulary("status"),
            notBefore: try c("not_before"), segments: try c("segments"), encoding: try c.vocabulary("encoding"), createdAt: try c("created_at"))
        id = try c("id")
        attempts = try c("attempts")
        provider = try c("provider")
        providerMessageID = try c("provider_message_id")
        errorCode = try c("error_code")
        errorMessage = try c("error_message")
        updatedAt = try c("updated_at")
        deliveryStatus = try c.optionalVocabulary("delivery_status")
        payload = try c("payload")
        flowRunID = try c("flow_run_id")
        alreadyProcessed = try c("already_processed")
    }

    /// Inserts the row (unless its dedup key is taken), returning it as stored.
    var insertQuery: PostgresQuery {
        """
        INSERT INTO outbox (dedup_key, to_number, sender, body, send_class, origin, status, not_before, attempts, segments,
          encoding, provider, provider_message_id, error_code, error_message, created_at, updated_at, delivery_status, payload,
          flow_run_id, already_processed)
        VALUES (\(dedupKey), \(to), \(from), \(body), \(sendClass.rawValue), \(origin.rawValue), \(status.rawValue), \(notBefore.pg), \(attempts),
          \(segments), \(encoding.rawValue), \(provider), \(providerMessageID), \(errorCode), \(errorMessage), \(createdAt.pg),
          \(updatedAt.pg), \(deliveryStatus?.rawValue), \(payload), \(flowRunID), \(alreadyProcessed))
        ON CONFLICT (dedup_key) DO NOTHING
        RETURNING \(unescaped: OutboxRow.columns)
        """
    }
}
