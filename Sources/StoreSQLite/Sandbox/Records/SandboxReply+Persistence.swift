import Foundation
import GRDB
import SandboxStore
import Storage

extension SandboxReply: SQLiteMapped {
    static var tableName: String { "sandbox_reply" }

    init(row: Row) throws {
        self.init(
            id: row["id"], from: row["from_number"], to: row["to_number"], body: row["body"], inReplyTo: row["in_reply_to"],
            receivedAt: row["received_at"])
        seq = row["seq"]
    }

    func encode(to container: inout PersistenceContainer) {
        container["seq"] = seq
        container["id"] = id
        container["from_number"] = from
        container["to_number"] = to
        container["body"] = body
        container["in_reply_to"] = inReplyTo
        container["received_at"] = receivedAt
    }

    mutating func didInsert(rowID: Int64) { seq = rowID }
}
