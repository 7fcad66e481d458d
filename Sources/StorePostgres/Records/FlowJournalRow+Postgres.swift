import Foundation
import PostgresNIO
import Storage

extension FlowJournalRow: PostgresMapped {
    static let columns = "run_id, step, kind, args, result, due_at, at"

    init(postgres c: PostgresColumns) throws {
        self.init(
            runID: try c("run_id"), step: try c("step"), kind: try c.vocabulary("kind"), args: try c("args"), result: try c("result"),
            dueAt: try c("due_at"), at: try c("at"))
    }

    /// Inserts the entry.
    var insertQuery: PostgresQuery {
        """
        INSERT INTO flow_journal (run_id, step, kind, args, result, due_at, at)
        VALUES (\(runID), \(step), \(kind.rawValue), \(args), \(result), \(dueAt.pg), \(at.pg))
        """
    }
}
