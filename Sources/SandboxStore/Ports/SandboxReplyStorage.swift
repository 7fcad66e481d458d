import Foundation
import Storage

/// What handsets answered in the sandbox, in arrival order.
public protocol SandboxReplyStorage: Sendable {
    /// Stores an injected reply and returns it with its `seq`.
    func insertSandboxReply(_ reply: SandboxReply) async throws(StorageError) -> SandboxReply
    /// Replies that arrived after `seq` (0 for all), oldest first, at most `limit`.
    func sandboxReplies(after seq: Int64, limit: Int?) async throws(StorageError) -> [SandboxReply]
    /// How many replies the sandbox holds.
    func sandboxReplyCount() async throws(StorageError) -> Int
    /// One page of replies, newest first (by arrival), and how many there are in all: the order
    /// Conexteo's `GET /messages/replies` lists them in.
    func sandboxRepliesNewestFirst(offset: Int, limit: Int) async throws(StorageError)
        -> (replies: [SandboxReply], total: Int)
    /// Stores a reply from handset `from` as if it answered the latest sandbox message sent to it
    /// (from sender `to`, when given): the reply is addressed to that message's sender and points
    /// at it (`in_reply_to`). With no such message it answers nothing and goes to `to`, else to
    /// `defaultSender`. `from` must be normalized (it is matched against the messages' recipients).
    /// Returns the stored reply, with its `seq`.
    func injectSandboxReply(from: String, body: String, to: String?, receivedAt: Date, defaultSender: String)
        async throws(StorageError) -> SandboxReply
}

extension SandboxReplyStorage {
    /// Every reply, oldest first.
    public func sandboxReplies() async throws(StorageError) -> [SandboxReply] {
        try await sandboxReplies(after: 0, limit: nil)
    }

    /// Replies that arrived after `seq`, oldest first.
    public func sandboxReplies(after seq: Int64) async throws(StorageError) -> [SandboxReply] {
        try await sandboxReplies(after: seq, limit: nil)
    }

    /// Stores a reply from handset `from` (see the requirement), to the in-process sandbox's
    /// default sender when it answers no message and `to` is nil.
    public func injectSandboxReply(from: String, body: String, to: String? = nil, receivedAt: Date)
        async throws(StorageError) -> SandboxReply
    {
        try await injectSandboxReply(from: from, body: body, to: to, receivedAt: receivedAt, defaultSender: "MOONWIRE")
    }
}
