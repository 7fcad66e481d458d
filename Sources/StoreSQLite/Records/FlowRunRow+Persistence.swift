import Foundation
import GRDB
import Storage

// Written out rather than derived from Codable: runs are read and written several times per
// step, and GRDB's Codable path dominated a flow's cost (see scripts/bench, flows).
extension FlowRunRow: SQLiteMapped {
    static var tableName: String { "flow_run" }

    init(row: Row) throws {
        self.init(
            flow: row["flow"], phone: row["phone"], sourceHash: row["source_hash"], vars: row["vars"], contact: row["contact"],
            origin: try row.vocabulary("origin", table: "flow_run", row: row.idText), createdAt: row["created_at"])
        id = row["id"]
        status = try row.vocabulary("status", table: "flow_run", row: row.idText)
        nextWake = row["next_wake"]
        errorCode = row["error_code"]
        error = row["error"]
        updatedAt = row["updated_at"]
    }

    func encode(to container: inout PersistenceContainer) {
        container["id"] = id
        container["flow"] = flow
        container["phone"] = phone
        container["status"] = status.rawValue
        container["source_hash"] = sourceHash
        container["vars"] = vars
        container["contact"] = contact
        container["next_wake"] = nextWake?.storageText
        container["error_code"] = errorCode
        container["error"] = error
        container["origin"] = origin.rawValue
        container["created_at"] = createdAt.storageText
        container["updated_at"] = updatedAt.storageText
    }

    mutating func didInsert(rowID: Int64) { id = rowID }

    /// Inserts the run through a cached statement and sets its id, like OutboxRow.insertCached.
    mutating func insertCached(_ db: Database) throws {
        try db.cachedStatement(
            sql: """
                INSERT INTO flow_run (flow, phone, status, source_hash, vars, contact, next_wake, error_code, error, origin,
                  created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """
        ).execute(arguments: [
            flow, phone, status.rawValue, sourceHash, vars, contact, nextWake?.storageText, errorCode, error, origin.rawValue,
            createdAt.storageText, updatedAt.storageText,
        ])
        id = db.lastInsertedRowID
    }
}
