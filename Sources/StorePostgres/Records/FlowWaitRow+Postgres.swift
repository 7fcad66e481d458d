import Foundation
import PostgresNIO
import Storage

extension FlowWaitRow: PostgresMapped {
    static let columns = "run_id, step, phone, deadline, after_inbound_id, created_at"

    init(postgres c: PostgresColumns) throws {
        self.init(runID: try c("run_id"), step: try c("step"), phone: try c("phone"), deadline: try c("deadline"), createdAt: try c("created_at"))
        afterInboundID = try c("after_inbound_id")
    }

    /// Registers the wait (replacing the run's previous one), after the newest inbound message.
    var saveQuery: PostgresQuery {
        """
        INSERT INTO flow_wait (run_id, step, phone, deadline, after_inbound_id, created_at)
        VALUES (\(runID), \(step), \(phone), \(deadline.pg), (SELECT COALESCE(MAX(id), 0) FROM inbound), \(createdAt.pg))
        ON CONFLICT (run_id) DO UPDATE SET step = EXCLUDED.step, phone = EXCLUDED.phone, deadline = EXCLUDED.deadline,
          after_inbound_id = EXCLUDED.after_inbound_id, created_at = EXCLUDED.created_at
        """
    }
}
