import Foundation
import Storage

/// The Conexteo emulation's sends ("campaigns"), their recipients and their cancellation.
public protocol SandboxConexteoSendStorage: Sendable {
    /// One page of Conexteo sends, newest first, and how many sends there are in all.
    func sandboxConexteoSends(offset: Int, limit: Int) async throws(StorageError)
        -> (sends: [SandboxConexteoSend], total: Int)
    /// The Conexteo send with `id` (a send's `message_id`), if any.
    func sandboxConexteoSend(id: String) async throws(StorageError) -> SandboxConexteoSend?
    /// One page of the messages of send `sendID` that went out on `channel`, in the order they
    /// were submitted, and how many there are in all.
    func sandboxConexteoRecipients(sendID: String, channel: SandboxConexteoSend.Channel, offset: Int, limit: Int)
        async throws(StorageError) -> (messages: [SandboxMessage], total: Int)
    /// Cancels send `id` if it is still scheduled at `now`: its state and its messages become
    /// `cancelled` and its credits go back to `account` (whose balance before its first debit is
    /// `startingBalance`), in one transaction.
    func cancelSandboxConexteoSend(id: String, at now: Date, refundTo account: String, startingBalance: Int)
        async throws(StorageError) -> SandboxConexteoSendCancellation
}
