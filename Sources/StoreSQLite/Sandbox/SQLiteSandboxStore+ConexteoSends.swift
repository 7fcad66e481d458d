import Foundation
import GRDB
import SandboxStore
import Storage

extension SQLiteSandboxStore {
    /// One page of Conexteo sends, newest first, and how many sends there are in all.
    public func sandboxConexteoSends(offset: Int, limit: Int) async throws(StorageError)
        -> (sends: [SandboxConexteoSend], total: Int)
    {
        try await read("listing Conexteo sends") { db in
            let sends = try SandboxConexteoSend.order(Column("created_at").desc, Column("rowid").desc)
                .limit(limit, offset: offset).fetchAll(db)
            return (sends, try SandboxConexteoSend.fetchCount(db))
        }
    }

    /// The Conexteo send with `id` (a send's `message_id`), if any.
    public func sandboxConexteoSend(id: String) async throws(StorageError) -> SandboxConexteoSend? {
        try await read("reading Conexteo send \(id)") { db in try SandboxConexteoSend.fetchOne(db, key: id) }
    }

    /// One page of the messages of send `sendID` that went out on `channel`, in the order they
    /// were submitted, and how many there are in all.
    public func sandboxConexteoRecipients(
        sendID: String, channel: SandboxConexteoSend.Channel, offset: Int, limit: Int
    ) async throws(StorageError) -> (messages: [SandboxMessage], total: Int) {
        try await read("listing the recipients of Conexteo send \(sendID)") { db in
            let request = SandboxMessage.filter(Column("send_id") == sendID && Column("channel") == channel.rawValue)
            let messages = try request.order(Column("rowid")).limit(limit, offset: offset).fetchAll(db)
            return (messages, try request.fetchCount(db))
        }
    }

    /// Cancels send `id` if it is still scheduled at `now`: its state and its messages become
    /// `cancelled` and its credits go back to `account`, in one transaction.
    /// - Parameter startingBalance: `account`'s balance before its first debit.
    public func cancelSandboxConexteoSend(
        id: String, at now: Date, refundTo account: String, startingBalance: Int
    ) async throws(StorageError) -> SandboxConexteoSendCancellation {
        try await write("cancelling Conexteo send \(id)") { db in
            guard var send = try SandboxConexteoSend.fetchOne(db, key: id) else { return .notFound }
            guard send.isCancellable(at: now) else { return .notCancellable(send) }
            send.state = .cancelled
            send.cancelledAt = now
            try send.update(db)
            try db.execute(sql: "UPDATE sandbox_message SET status = 'cancelled' WHERE send_id = ?", arguments: [id])
            let balance =
                try SQLiteSandboxStore.creditBalance(db, account: account, startingBalance: startingBalance) + send.creditsRequired
            try db.execute(
                sql: """
                    INSERT INTO sandbox_credit (account, balance) VALUES (?, ?)
                    ON CONFLICT(account) DO UPDATE SET balance = excluded.balance
                    """,
                arguments: [account, balance])
            return .cancelled(send, creditsRefunded: send.creditsRequired, creditsRemaining: balance)
        }
    }
}
