import Foundation
import GRDB
import SandboxStore
import Storage

// Written out rather than derived from Codable, like OutboxRow's: the sandbox stores one per send.
extension SandboxMessage: SQLiteMapped {
    static var tableName: String { "sandbox_message" }

    init(row: Row) throws {
        self.init(
            id: row["id"], to: row["to_number"], from: row["sender"], body: row["body"], encoding: row["encoding"],
            segments: row["segments"], status: row["status"], externalID: row["external_id"], createdAt: row["created_at"])
    }

    func encode(to container: inout PersistenceContainer) {
        container["id"] = id
        container["to_number"] = to
        container["sender"] = from
        container["body"] = body
        container["encoding"] = encoding
        container["segments"] = segments
        container["status"] = status
        container["external_id"] = externalID
        container["created_at"] = createdAt.storageText
    }

    /// Inserts the message through a cached statement, like OutboxRow.insertCached.
    func insertCached(_ db: Database) throws {
        try db.cachedStatement(
            sql: """
                INSERT INTO sandbox_message (id, to_number, sender, body, encoding, segments, status, external_id, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """
        ).execute(arguments: [id, to, from, body, encoding, segments, status, externalID, createdAt.storageText])
    }
}
