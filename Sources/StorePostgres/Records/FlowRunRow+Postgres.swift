import Foundation
import PostgresNIO
import Storage

extension FlowRunRow: PostgresMapped {
    static let columns =
        "id, flow, phone, status, source_hash, vars, contact, next_wake, error_code, error, origin, created_at, updated_at"

    init(postgres c: PostgresColumns) throws {
        self.init(
            flow: try c("flow"), phone: try c("phone"), sourceHash: try c("source_hash"), vars: try c("vars"),
            contact: try c("contact"), origin: try c.vocabulary("origin"), createdAt: try c("created_at"))
        id = try c("id")
        status = try c.vocabulary("status")
        nextWake = try c("next_wake")
        errorCode = try c("error_code")
        error = try c("error")
        updatedAt = try c("updated_at")
    }

    /// Inserts the run, returning it as stored.
    var insertQuery: PostgresQuery {
        """
        INSERT INTO flow_run (flow, phone, status, source_hash, vars, contact, next_wake, error_code, error, origin, created_at,
          updated_at)
        VALUES (\(flow), \(phone), \(status.rawValue), \(sourceHash), \(vars), \(contact), \(nextWake.pg), \(errorCode), \(error),
          \(origin.rawValue), \(createdAt.pg), \(updatedAt.pg))
        RETURNING \(unescaped: FlowRunRow.columns)
        """
    }
}
