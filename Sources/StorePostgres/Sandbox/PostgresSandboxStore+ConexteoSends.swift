import Foundation
import PostgresNIO
import SandboxStore
import Storage

extension PostgresSandboxStore {
    /// One page of Conexteo sends, newest first, and how many sends there are in all.
    public func sandboxConexteoSends(offset: Int, limit: Int) async throws(StorageError)
        -> (sends: [SandboxConexteoSend], total: Int)
    {
        let logger = self.logger
        return try await read("listing Conexteo sends") { db in
            let sends = try SandboxConexteoSend.all(
                try await db.rows(
                    """
                    SELECT \(unescaped: SandboxConexteoSend.columns) FROM sandbox_conexteo_send
                    ORDER BY created_at DESC, seq DESC LIMIT \(limit) OFFSET \(offset)
                    """, logger))
            return (sends, try await db.value("SELECT count(*) FROM sandbox_conexteo_send", logger, as: Int.self) ?? 0)
        }
    }

    /// The Conexteo send with `id` (a send's `message_id`), if any.
    public func sandboxConexteoSend(id: String) async throws(StorageError) -> SandboxConexteoSend? {
        let logger = self.logger
        return try await read("reading Conexteo send \(id)") { db in
            try SandboxConexteoSend.first(
                try await db.rows("SELECT \(unescaped: SandboxConexteoSend.columns) FROM sandbox_conexteo_send WHERE id = \(id)", logger))
        }
    }

    /// One page of the messages of send `sendID` that went out on `channel`, in the order they
    /// were submitted, and how many there are in all.
    public func sandboxConexteoRecipients(
        sendID: String, channel: SandboxConexteoSend.Channel, offset: Int, limit: Int
    ) async throws(StorageError) -> (messages: [SandboxMessage], total: Int) {
        let logger = self.logger
        return try await read("listing the recipients of Conexteo send \(sendID)") { db in
            let messages = try SandboxMessage.all(
                try await db.rows(
                    """
                    SELECT \(unescaped: SandboxMessage.columns) FROM sandbox_message
                    WHERE send_id = \(sendID) AND channel = \(channel.rawValue) ORDER BY seq LIMIT \(limit) OFFSET \(offset)
                    """, logger))
            let total = try await db.value(
                "SELECT count(*) FROM sandbox_message WHERE send_id = \(sendID) AND channel = \(channel.rawValue)", logger, as: Int.self)
            return (messages, total ?? 0)
        }
    }

    /// Cancels send `id` if it is still scheduled at `now`: its state and its messages become
    /// `cancelled` and its credits go back to `account` (whose balance before its first debit is
    /// `startingBalance`), in one transaction; the send's row is locked, so two cancels refund once.
    public func cancelSandboxConexteoSend(
        id: String, at now: Date, refundTo account: String, startingBalance: Int
    ) async throws(StorageError) -> SandboxConexteoSendCancellation {
        let logger = self.logger
        return try await write("cancelling Conexteo send \(id)") { db in
            try await PostgresSandboxStore.waitTurns(db, logger)
            guard
                var send = try SandboxConexteoSend.first(
                    try await db.rows(
                        "SELECT \(unescaped: SandboxConexteoSend.columns) FROM sandbox_conexteo_send WHERE id = \(id) FOR UPDATE", logger))
            else { return .notFound }
            guard send.isCancellable(at: now) else { return .notCancellable(send) }
            send.state = .cancelled
            send.cancelledAt = now
            try await db.execute(
                "UPDATE sandbox_conexteo_send SET state = \(send.state.rawValue), cancelled_at = \(now.pg) WHERE id = \(id)", logger)
            try await db.execute("UPDATE sandbox_message SET status = 'cancelled' WHERE send_id = \(id)", logger)
            let refund = send.creditsRequired
            let balance = try await PostgresSandboxStore.withLockedBalance(
                account: account, startingBalance: startingBalance, db, logger
            ) { balance -> (newBalance: Int?, result: Int) in (balance + refund, balance + refund) }
            return .cancelled(send, creditsRefunded: refund, creditsRemaining: balance)
        }
    }
}
