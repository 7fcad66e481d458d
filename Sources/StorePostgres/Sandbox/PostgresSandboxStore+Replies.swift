import Foundation
import PostgresNIO
import SandboxStore
import Storage

extension PostgresSandboxStore {
    /// Stores an injected reply and returns it with its `seq`.
    public func insertSandboxReply(_ reply: SandboxReply) async throws(StorageError) -> SandboxReply {
        let logger = self.logger
        return try await write("storing sandbox reply \(reply.id)") { db in
            try await PostgresSandboxStore.appendLock(.reply, db, logger)
            guard let stored = try SandboxReply.first(try await db.rows(reply.insertQuery, logger)) else {
                throw StorageError(.internal, "sandbox reply \(reply.id) was not stored")
            }
            return stored
        }
    }

    /// Replies that arrived after `seq` (0 for all), oldest first, at most `limit`.
    public func sandboxReplies(after seq: Int64, limit: Int?) async throws(StorageError) -> [SandboxReply] {
        let logger = self.logger
        return try await read("listing sandbox replies") { db in
            try SandboxReply.all(
                try await db.rows(
                    "SELECT \(unescaped: SandboxReply.columns) FROM sandbox_reply WHERE seq > \(seq) ORDER BY seq LIMIT \(limit)", logger))
        }
    }

    /// How many replies the sandbox holds.
    public func sandboxReplyCount() async throws(StorageError) -> Int {
        let logger = self.logger
        return try await read("counting sandbox replies") { db in
            try await db.value("SELECT count(*) FROM sandbox_reply", logger, as: Int.self) ?? 0
        }
    }

    /// One page of replies, newest first (by arrival), and how many there are in all: the order
    /// Conexteo's `GET /messages/replies` lists them in.
    public func sandboxRepliesNewestFirst(offset: Int, limit: Int) async throws(StorageError)
        -> (replies: [SandboxReply], total: Int)
    {
        let logger = self.logger
        return try await read("listing sandbox replies") { db in
            let replies = try SandboxReply.all(
                try await db.rows(
                    "SELECT \(unescaped: SandboxReply.columns) FROM sandbox_reply ORDER BY seq DESC LIMIT \(limit) OFFSET \(offset)",
                    logger))
            return (replies, try await db.value("SELECT count(*) FROM sandbox_reply", logger, as: Int.self) ?? 0)
        }
    }

    /// Stores a reply from handset `from` as if it answered the latest sandbox message sent to it
    /// (from sender `to`, when given): the reply is addressed to that message's sender and points
    /// at it (`in_reply_to`). With no such message it answers nothing and goes to `to`, else to
    /// `defaultSender`. `from` must be normalized (it is matched against the messages' recipients).
    public func injectSandboxReply(
        from: String, body: String, to: String?, receivedAt: Date, defaultSender: String
    ) async throws(StorageError) -> SandboxReply {
        let logger = self.logger
        return try await write("storing a sandbox reply from \(from)") { db in
            try await PostgresSandboxStore.appendLock(.reply, db, logger)
            let answered = try SandboxMessage.first(
                try await db.rows(
                    """
                    SELECT \(unescaped: SandboxMessage.columns) FROM sandbox_message
                    WHERE to_number = \(from) AND (\(to)::text IS NULL OR sender = \(to))
                    ORDER BY created_at DESC, seq DESC LIMIT 1
                    """, logger))
            let reply = SandboxReply(
                id: SandboxReply.makeID(), from: from, to: to ?? answered?.from ?? defaultSender, body: body,
                inReplyTo: answered?.id, receivedAt: receivedAt)
            guard let stored = try SandboxReply.first(try await db.rows(reply.insertQuery, logger)) else {
                throw StorageError(.internal, "the sandbox reply from \(from) was not stored")
            }
            return stored
        }
    }
}
