import GRDB
import SandboxStore
import Storage

extension SQLiteSandboxStore {
    /// Stores an injected reply and returns it with its `seq`.
    public func insertSandboxReply(_ reply: SandboxReply) async throws(StorageError) -> SandboxReply {
        try await write("storing sandbox reply \(reply.id)") { db in
            var stored = reply
            try stored.insert(db)
            return stored
        }
    }

    /// Replies that arrived after `seq` (0 for all), oldest first, at most `limit`.
    public func sandboxReplies(after seq: Int64, limit: Int?) async throws(StorageError) -> [SandboxReply] {
        try await read("listing sandbox replies") { db in
            // Cached: the sandbox's reply poller asks this every few hundred milliseconds.
            try SandboxReply.fetchAll(
                db.cachedStatement(sql: "SELECT * FROM sandbox_reply WHERE seq > ? ORDER BY seq LIMIT ?"),
                arguments: [seq, limit ?? -1])
        }
    }

    /// How many replies the sandbox holds.
    public func sandboxReplyCount() async throws(StorageError) -> Int {
        try await read("counting sandbox replies") { db in try SandboxReply.fetchCount(db) }
    }
}
