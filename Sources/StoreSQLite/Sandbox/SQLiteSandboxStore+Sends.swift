import GRDB
import SandboxStore
import Storage

extension SQLiteSandboxStore {
    /// Stores `messages` as one send: the external-id check, the credit debit and the inserts
    /// happen in one transaction, so a reused key or a short balance stores nothing at all.
    /// - Parameters:
    ///   - conexteoSend: the Conexteo send record (the campaign `GET /messages` lists); stored in
    ///     the same transaction, and every message is linked to it (`send_id`) and takes its channel.
    public func recordSandboxSend(
        _ messages: [SandboxMessage], debit: SandboxDebit?, conexteoSend: SandboxConexteoSend?
    ) async throws(StorageError) -> SandboxSend {
        try await write("storing a sandbox send of \(messages.count) message(s)") { db in
            for key in messages.compactMap(\.externalID) {
                if let existing = try SandboxMessage.filter(Column("external_id") == key).fetchOne(db) {
                    return .alreadyProcessed(existing)
                }
            }
            var remaining: Int?
            if let debit {
                let balance = try SQLiteSandboxStore.creditBalance(db, account: debit.account, startingBalance: debit.startingBalance)
                guard balance >= debit.amount else { return .insufficientCredits(available: balance) }
                remaining = balance - debit.amount
                try db.execute(
                    sql: """
                        INSERT INTO sandbox_credit (account, balance) VALUES (?, ?)
                        ON CONFLICT(account) DO UPDATE SET balance = excluded.balance
                        """,
                    arguments: [debit.account, remaining])
            }
            if var conexteoSend { try conexteoSend.insert(db) }
            for message in messages {
                try message.insertCached(db)
                if let conexteoSend {
                    // SandboxMessage predates these columns; they are set here rather than on it.
                    try db.execute(
                        sql: "UPDATE sandbox_message SET send_id = ?, channel = ? WHERE id = ?",
                        arguments: [conexteoSend.id, conexteoSend.channel.rawValue, message.id])
                }
            }
            return .inserted(messages, creditsRemaining: remaining)
        }
    }

    /// The sandbox credit balance of `account`, `startingBalance` until its first debit.
    public func sandboxCredits(account: String, startingBalance: Int) async throws(StorageError) -> Int {
        try await read("reading sandbox credits") { db in
            try SQLiteSandboxStore.creditBalance(db, account: account, startingBalance: startingBalance)
        }
    }

    /// Sets the sandbox credit balance of `account` (for tests and `/_sandbox` controls).
    public func setSandboxCredits(account: String, balance: Int) async throws(StorageError) {
        try await write("setting sandbox credits") { db in
            try db.execute(
                sql: """
                    INSERT INTO sandbox_credit (account, balance) VALUES (?, ?)
                    ON CONFLICT(account) DO UPDATE SET balance = excluded.balance
                    """,
                arguments: [account, balance])
        }
    }

    static func creditBalance(_ db: Database, account: String, startingBalance: Int) throws -> Int {
        try Int.fetchOne(db, sql: "SELECT balance FROM sandbox_credit WHERE account = ?", arguments: [account])
            ?? startingBalance
    }
}
