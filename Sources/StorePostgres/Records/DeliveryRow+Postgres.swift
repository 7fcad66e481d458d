import Foundation
import PostgresNIO
import Storage

extension DeliveryRow: PostgresMapped {
    static let columns =
        "id, provider, event_id, message_id, to_number, status, error, occurred_at, handling, handler_error, handled_at"

    init(postgres c: PostgresColumns) throws {
        self.init(
            provider: try c("provider"), eventID: try c("event_id"), messageID: try c("message_id"), to: try c("to_number"),
            status: try c.vocabulary("status"), error: try c("error"), occurredAt: try c("occurred_at"))
        id = try c("id")
        handling = try c.vocabulary("handling")
        handlerError = try c("handler_error")
        handledAt = try c("handled_at")
    }

    /// Inserts the report unless its event is stored, returning it as stored.
    var insertQuery: PostgresQuery {
        """
        INSERT INTO delivery (provider, event_id, message_id, to_number, status, error, occurred_at, handling, handler_error,
          handled_at)
        VALUES (\(provider), \(eventID), \(messageID), \(to), \(status.rawValue), \(error), \(occurredAt.pg), \(handling.rawValue),
          \(handlerError), \(handledAt.pg))
        ON CONFLICT (provider, event_id) DO NOTHING
        RETURNING \(unescaped: DeliveryRow.columns)
        """
    }
}
