import Foundation
import GRDB

// Written out rather than derived from Codable, like FlowRunRow's: every send inserts, claims
// and finishes a row, and Codable with GRDB's date formatter was most of a send's store cost.
extension OutboxRow {
    public init(row: Row) throws {
        id = row["id"]
        dedupKey = row["dedup_key"]
        to = row["to_number"]
        from = row["sender"]
        body = row["body"]
        sendClass = row["class"]
        origin = row["origin"]
        let statusText: String = row["status"]
        guard let parsed = Status(rawValue: statusText) else {
            throw StoreError(code: "corrupt_row", message: "send \(id ?? 0) has an unknown status '\(statusText)'")
        }
        status = parsed
        notBefore = row["not_before"]
        attempts = row["attempts"]
        segments = row["segments"]
        encoding = row["encoding"]
        provider = row["provider"]
        providerMessageID = row["provider_message_id"]
        errorCode = row["error_code"]
        errorMessage = row["error_message"]
        createdAt = row["created_at"]
        updatedAt = row["updated_at"]
        deliveryStatus = row["delivery_status"]
        payload = row["payload"]
    }

    public func encode(to container: inout PersistenceContainer) {
        container["id"] = id
        container["dedup_key"] = dedupKey
        container["to_number"] = to
        container["sender"] = from
        container["body"] = body
        container["class"] = sendClass
        container["origin"] = origin
        container["status"] = status.rawValue
        container["not_before"] = notBefore.storageText
        container["attempts"] = attempts
        container["segments"] = segments
        container["encoding"] = encoding
        container["provider"] = provider
        container["provider_message_id"] = providerMessageID
        container["error_code"] = errorCode
        container["error_message"] = errorMessage
        container["created_at"] = createdAt.storageText
        container["updated_at"] = updatedAt.storageText
        container["delivery_status"] = deliveryStatus
        container["payload"] = payload
    }
}

extension OutboxRow {
    /// Inserts the row through a cached statement and sets its id: GRDB's record insert builds
    /// its SQL and argument dictionary each time, on the writer every send waits for.
    mutating func insertCached(_ db: Database) throws {
        try db.cachedStatement(
            sql: """
                INSERT INTO outbox (dedup_key, to_number, sender, body, class, origin, status, not_before, attempts, segments,
                  encoding, provider, provider_message_id, error_code, error_message, created_at, updated_at, delivery_status, payload)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """
        ).execute(arguments: [
            dedupKey, to, from, body, sendClass, origin, status.rawValue, notBefore.storageText, attempts, segments,
            encoding, provider, providerMessageID, errorCode, errorMessage, createdAt.storageText, updatedAt.storageText,
            deliveryStatus, payload,
        ])
        id = db.lastInsertedRowID
    }
}
