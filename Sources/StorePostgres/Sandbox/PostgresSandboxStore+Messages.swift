import Foundation
import Logging
import PostgresNIO
import SandboxStore
import Storage

extension PostgresSandboxStore {
    /// Stores `message` unless one with the same external id exists. Appends take the
    /// messages' lock, so the check and the insert see every other process's send.
    public func insertSandboxMessage(_ message: SandboxMessage) async throws(StorageError) -> SandboxInsert {
        let logger = self.logger
        return try await write("storing sandbox message \(message.id)") { db in
            try await PostgresSandboxStore.appendLock(.message, db, logger)
            if let existing = try await PostgresSandboxStore.message(externalIDs: [message.externalID].compactMap { $0 }, db, logger) {
                return .alreadyProcessed(existing)
            }
            try await db.execute(message.insertQuery(send: nil), logger)
            return .inserted(message)
        }
    }

    /// Stores `messages` as one send: the external-id check, the credit debit and the inserts
    /// happen in one transaction, so a reused key or a short balance stores nothing at all.
    /// `conexteoSend` is stored in the same transaction, and every message is linked to it.
    public func recordSandboxSend(
        _ messages: [SandboxMessage], debit: SandboxDebit?, conexteoSend: SandboxConexteoSend?
    ) async throws(StorageError) -> SandboxSend {
        let logger = self.logger
        return try await write("storing a sandbox send of \(messages.count) message(s)") { db in
            try await PostgresSandboxStore.appendLock(.message, db, logger)
            if let existing = try await PostgresSandboxStore.message(externalIDs: messages.compactMap(\.externalID), db, logger) {
                return .alreadyProcessed(existing)
            }
            var remaining: Int?
            if let debit {
                // The balance after the debit, or what it was when it does not cover it.
                let debited = try await PostgresSandboxStore.withLockedBalance(
                    account: debit.account, startingBalance: debit.startingBalance, db, logger
                ) { balance -> (newBalance: Int?, result: (after: Int?, available: Int)) in
                    guard balance >= debit.amount else { return (nil, (nil, balance)) }
                    return (balance - debit.amount, (balance - debit.amount, balance))
                }
                guard let after = debited.after else { return .insufficientCredits(available: debited.available) }
                remaining = after
            }
            if let conexteoSend { try await db.execute(conexteoSend.insertQuery, logger) }
            for message in messages { try await db.execute(message.insertQuery(send: conexteoSend), logger) }
            return .inserted(messages, creditsRemaining: remaining)
        }
    }

    /// Sandbox messages, oldest first; `limit` keeps the newest ones.
    public func sandboxMessages(limit: Int?) async throws(StorageError) -> [SandboxMessage] {
        let logger = self.logger
        return try await read("listing sandbox messages") { db in
            let rows = try await db.rows(
                "SELECT \(unescaped: SandboxMessage.columns) FROM sandbox_message ORDER BY created_at DESC, seq DESC LIMIT \(limit)",
                logger)
            return try SandboxMessage.all(rows).reversed()
        }
    }

    /// The sandbox message with `id`, if any.
    public func sandboxMessage(id: String) async throws(StorageError) -> SandboxMessage? {
        let logger = self.logger
        return try await read("reading sandbox message \(id)") { db in
            try SandboxMessage.first(
                try await db.rows("SELECT \(unescaped: SandboxMessage.columns) FROM sandbox_message WHERE id = \(id)", logger))
        }
    }

    /// The sandbox credit balance of `account`, `startingBalance` until its first debit.
    public func sandboxCredits(account: String, startingBalance: Int) async throws(StorageError) -> Int {
        let logger = self.logger
        return try await read("reading sandbox credits") { db in
            try await db.value("SELECT balance FROM sandbox_credit WHERE account = \(account)", logger, as: Int.self)
                ?? startingBalance
        }
    }

    /// Sets the sandbox credit balance of `account` (for tests and `/_sandbox` controls).
    public func setSandboxCredits(account: String, balance: Int) async throws(StorageError) {
        let logger = self.logger
        try await write("setting sandbox credits") { db in
            try await db.execute(
                """
                INSERT INTO sandbox_credit (account, balance) VALUES (\(account), \(balance))
                ON CONFLICT (account) DO UPDATE SET balance = excluded.balance
                """, logger)
        }
    }

    /// The stored message holding the first of `externalIDs` that one holds, if any.
    static func message(externalIDs: [String], _ db: PostgresConnection, _ logger: Logger) async throws -> SandboxMessage? {
        guard !externalIDs.isEmpty else { return nil }
        return try SandboxMessage.first(
            try await db.rows(
                """
                SELECT \(unescaped: SandboxMessage.columns) FROM sandbox_message WHERE external_id = ANY(\(externalIDs))
                ORDER BY array_position(\(externalIDs), external_id) LIMIT 1
                """,
                logger))
    }
}
