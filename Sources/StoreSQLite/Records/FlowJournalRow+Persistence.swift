import Foundation
import GRDB
import Storage

// Written out rather than derived from Codable, like FlowRunRow's: every replay reads the journal.
extension FlowJournalRow: SQLiteMapped {
    static var tableName: String { "flow_journal" }

    init(row: Row) throws {
        self.init(
            runID: row["run_id"], step: row["step"],
            kind: try row.vocabulary("kind", table: "flow_journal", row: "run \(row["run_id"] as Int64) step \(row["step"] as Int)"),
            args: row["args"], result: row["result"], dueAt: row["due_at"], at: row["at"])
    }

    func encode(to container: inout PersistenceContainer) {
        container["run_id"] = runID
        container["step"] = step
        container["kind"] = kind.rawValue
        container["args"] = args
        container["result"] = result
        container["due_at"] = dueAt?.storageText
        container["at"] = at.storageText
    }
}
