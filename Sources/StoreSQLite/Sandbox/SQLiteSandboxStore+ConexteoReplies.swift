import Foundation
import GRDB
import SandboxStore
import Storage

extension SQLiteSandboxStore {
    /// One page of replies, newest first (by arrival), and how many there are in all: the order
    /// Conexteo's `GET /messages/replies` lists them in.
    public func sandboxRepliesNewestFirst(offset: Int, limit: Int) async throws(StorageError)
        -> (replies: [SandboxReply], total: Int)
    {
        try await read("listing sandbox replies") { db in
            let replies = try SandboxReply.order(Column("seq").desc).limit(limit, offset: offset).fetchAll(db)
            return (replies, try SandboxReply.fetchCount(db))
        }
    }

    /// Stores a reply from handset `from` as if it answered the latest sandbox message sent to it
    /// (from sender `to`, when given): the reply is addressed to that message's sender and points
    /// at it (`in_reply_to`). With no such message it answers nothing and goes to `to`, else to
    /// `defaultSender`.
    /// - Parameters:
    ///   - from: the handset, E.164 (normalize it first: it is matched against `sandbox_message.to_number`).
    ///   - defaultSender: the in-process sandbox's default sender (`SandboxProvider.defaultSender`).
    /// - Returns: the stored reply, with its `seq`.
    public func injectSandboxReply(
        from: String, body: String, to: String?, receivedAt: Date, defaultSender: String = "MOONWIRE"
    ) async throws(StorageError) -> SandboxReply {
        try await write("storing a sandbox reply from \(from)") { db in
            let answered = try SandboxMessage.fetchOne(
                db.cachedStatement(
                    sql: """
                        SELECT * FROM sandbox_message WHERE to_number = ?1 AND (?2 IS NULL OR sender = ?2)
                        ORDER BY created_at DESC, rowid DESC LIMIT 1
                        """), arguments: [from, to])
            var reply = SandboxReply(
                id: SandboxReply.makeID(), from: from, to: to ?? answered?.from ?? defaultSender, body: body,
                inReplyTo: answered?.id, receivedAt: receivedAt)
            try reply.insert(db)
            return reply
        }
    }
}
