import Foundation
import PostgresNIO
import Storage

extension InboundRow: PostgresMapped {
    static let columns = "id, provider, provider_id, from_number, to_number, body, received_at, status, error, handled_at"

    init(postgres c: PostgresColumns) throws {
        self.init(
            provider: try c("provider"), providerID: try c("provider_id"), from: try c("from_number"), to: try c("to_number"),
            body: try c("body"), receivedAt: try c("received_at"))
        id = try c("id")
        status = try c.vocabulary("status")
        error = try c("error")
        handledAt = try c("handled_at")
    }

    /// Inserts the message unless its provider id is stored, returning it as stored.
    var insertQuery: PostgresQuery {
        """
        INSERT INTO inbound (provider, provider_id, from_number, to_number, body, received_at, status, error, handled_at)
        VALUES (\(provider), \(providerID), \(from), \(to), \(body), \(receivedAt.pg), \(status.rawValue), \(error), \(handledAt.pg))
        ON CONFLICT (provider, provider_id) DO NOTHING
        RETURNING \(unescaped: InboundRow.columns)
        """
    }
}
