import Foundation
import PostgresNIO
import SandboxStore

extension SandboxReply: PostgresMapped {
    static let columns = "seq, id, from_number, to_number, body, in_reply_to, received_at"

    init(postgres c: PostgresColumns) throws {
        self.init(
            id: try c("id"), from: try c("from_number"), to: try c("to_number"), body: try c("body"),
            inReplyTo: try c("in_reply_to"), receivedAt: try c("received_at"))
        seq = try c("seq")
    }

    /// Inserts the reply, returning it with its `seq`.
    var insertQuery: PostgresQuery {
        """
        INSERT INTO sandbox_reply (id, from_number, to_number, body, in_reply_to, received_at)
        VALUES (\(id), \(from), \(to), \(body), \(inReplyTo), \(receivedAt.pg))
        RETURNING \(unescaped: SandboxReply.columns)
        """
    }
}
