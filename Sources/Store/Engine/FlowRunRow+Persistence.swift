import Foundation
import GRDB

// Written out rather than derived from Codable: runs are read and written several times per
// step, and GRDB's Codable path dominated a flow's cost (see scripts/bench, flows).
extension FlowRunRow {
    public init(row: Row) throws {
        id = row["id"]
        flow = row["flow"]
        phone = row["phone"]
        let statusText: String = row["status"]
        guard let parsed = Status(rawValue: statusText) else {
            throw StoreError(code: "corrupt_row", message: "flow run \(id ?? 0) has an unknown status '\(statusText)'")
        }
        status = parsed
        sourceHash = row["source_hash"]
        vars = row["vars"]
        contact = row["contact"]
        nextWake = row["next_wake"]
        errorCode = row["error_code"]
        error = row["error"]
        origin = row["origin"]
        createdAt = row["created_at"]
        updatedAt = row["updated_at"]
    }

    public func encode(to container: inout PersistenceContainer) {
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
        container["origin"] = origin
        container["created_at"] = createdAt.storageText
        container["updated_at"] = updatedAt.storageText
    }
}

extension FlowRunRow {
    /// Inserts the run through a cached statement and sets its id, like OutboxRow.insertCached.
    mutating func insertCached(_ db: Database) throws {
        try db.cachedStatement(
            sql: """
                INSERT INTO flow_run (flow, phone, status, source_hash, vars, contact, next_wake, error_code, error, origin,
                  created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """
        ).execute(arguments: [
            flow, phone, status.rawValue, sourceHash, vars, contact, nextWake?.storageText, errorCode, error, origin,
            createdAt.storageText, updatedAt.storageText,
        ])
        id = db.lastInsertedRowID
    }
}
