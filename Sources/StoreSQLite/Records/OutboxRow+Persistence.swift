import Foundation
import GRDB
import Storage

// Written out rather than derived from Codable: every send inserts, claims and finishes a row,
// and Codable with GRDB's date formatter was most of a send's store cost.
extension OutboxRow: SQLiteMapped {
    static var tableName: String { "outbox" }

    init(row: Row) throws {
        self.init(
            dedupKey: row["dedup_key"], to: row["to_number"], from: row["sender"], body: row["body"],
            sendClass: try row.vocabulary("class", table: "outbox", row: row.idText),
            origin: try row.vocabulary("origin", table: "outbox", row: row.idText),
            status: try row.vocabulary("status", table: "outbox", row: row.idText), notBefore: row["not_before"],
            segments: row["segments"], encoding: try row.vocabulary("encoding", table: "outbox", row: row.idText),
            createdAt: row["created_at"])
        id = row["id"]
        attempts = row["attempts"]
        provider = row["provider"]
        providerMessageID = row["provider_message_id"]
        errorCode = row["error_code"]
        errorMessage = row["error_message"]
        updatedAt = row["updated_at"]
        deliveryStatus = try row.optionalVocabulary("delivery_status", table: "outbox", row: row.idText)
        payload = row["payload"]
        flowRunID = row["flow_run_id"]
        alreadyProcessed = row["already_processed"] ?? false
    }

    func encode(to container: inout PersistenceContainer) {
        container["id"] = id
        container["dedup_key"] = dedupKey
        container["to_number"] = to
        container["sender"] = from
        container["body"] = body
        container["class"] = sendClass.rawValue
        container["origin"] = origin.rawValue
        container["status"] = status.rawValue
        container["not_before"] = notBefore.storageText
        container["attempts"] = attempts
        container["segments"] = segments
        container["encoding"] = encoding.rawValue
        container["provider"] = provider
        container["provider_message_id"] = providerMessageID
        container["error_code"] = errorCode
        container["error_message"] = errorMessage
        container["created_at"] = createdAt.storageText
        container["updated_at"] = updatedAt.storageText
        container["delivery_status"] = deliveryStatus?.rawValue
        container["payload"] = payload
        container["flow_run_id"] = flowRunID
        container["already_processed"] = alreadyProcessed
    }

    mutating func didInsert(rowID: Int64) { id = rowID }

    /// Inserts the row through a cached statement and sets its id: GRDB's record insert builds
    /// its SQL and argument dictionary each time, on the writer every send waits for.
    mutating func insertCached(_ db: Database) throws {
        try db.cachedStatement(
            sql: """
                INSERT INTO outbox (dedup_key, to_number, sender, body, class, origin, status, not_before, attempts, segments,
                  encoding, provider, provider_message_id, error_code, error_message, created_at, updated_at, delivery_status, payload,
                  flow_run_id, already_processed)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """
        ).execute(arguments: [
            dedupKey, to, from, body, sendClass.rawValue, origin.rawValue, status.rawValue, notBefore.storageText, attempts,
            segments, encoding.rawValue, provider, providerMessageID, errorCode, errorMessage, createdAt.storageText,
            updatedAt.storageText, deliveryStatus?.rawValue, payload, flowRunID, alreadyProcessed,
        ])
        id = db.lastInsertedRowID
    }
}
