import Foundation
import PostgresNIO
import SandboxStore
import Storage

// The sandbox's Conexteo sub-accounts and the credits moved between them and the parent account.

extension PostgresSandboxStore {
    /// Creates a sub-account with no credits; the email's unique index (whatever the case)
    /// decides between two processes creating one at once.
    public func createSandboxSubAccount(name: String, email: String, creditMode: String, at date: Date)
        async throws(StorageError) -> SandboxSubAccountCreation
    {
        let logger = self.logger
        return try await write("creating sub-account \(email)") { db in
            if let created = try SandboxConexteoSubAccount.first(
                try await db.rows(
                    """
                    INSERT INTO sandbox_conexteo_subaccount (name, email, credits, credit_mode, created_at)
                    VALUES (\(name), \(email), 0, \(creditMode), \(date.pg))
                    ON CONFLICT ((lower(email))) DO NOTHING RETURNING \(unescaped: SandboxConexteoSubAccount.columns)
                    """, logger))
            {
                return .created(created)
            }
            guard
                let existing = try SandboxConexteoSubAccount.first(
                    try await db.rows(
                        """
                        SELECT \(unescaped: SandboxConexteoSubAccount.columns) FROM sandbox_conexteo_subaccount
                        WHERE lower(email) = lower(\(email))
                        """, logger))
            else { throw StorageError(.internal, "sub-account \(email) was neither created nor found") }
            return .emailTaken(existing)
        }
    }

    /// Sub-accounts in creation order, from `offset`, at most `limit`.
    public func sandboxSubAccounts(offset: Int, limit: Int?) async throws(StorageError) -> [SandboxConexteoSubAccount] {
        let logger = self.logger
        return try await read("listing sub-accounts") { db in
            try SandboxConexteoSubAccount.all(
                try await db.rows(
                    """
                    SELECT \(unescaped: SandboxConexteoSubAccount.columns) FROM sandbox_conexteo_subaccount
                    ORDER BY id LIMIT \(limit) OFFSET \(offset)
                    """, logger))
        }
    }

    /// How many sub-accounts exist.
    public func sandboxSubAccountCount() async throws(StorageError) -> Int {
        let logger = self.logger
        return try await read("counting sub-accounts") { db in
            try await db.value("SELECT count(*) FROM sandbox_conexteo_subaccount", logger, as: Int.self) ?? 0
        }
    }

    /// The sub-account `id`, if any.
    public func sandboxSubAccount(id: Int64) async throws(StorageError) -> SandboxConexteoSubAccount? {
        let logger = self.logger
        return try await read("reading sub-account \(id)") { db in
            try SandboxConexteoSubAccount.first(
                try await db.rows(
                    "SELECT \(unescaped: SandboxConexteoSubAccount.columns) FROM sandbox_conexteo_subaccount WHERE id = \(id)", logger))
        }
    }

    /// Sets how sub-account `id` pays for its sends; nil when there is none.
    public func setSandboxSubAccountCreditMode(id: Int64, mode: String) async throws(StorageError) -> SandboxConexteoSubAccount? {
        let logger = self.logger
        return try await write("setting the credit mode of sub-account \(id)") { db in
            try SandboxConexteoSubAccount.first(
                try await db.rows(
                    """
                    UPDATE sandbox_conexteo_subaccount SET credit_mode = \(mode) WHERE id = \(id)
                    RETURNING \(unescaped: SandboxConexteoSubAccount.columns)
                    """, logger))
        }
    }

    /// Moves `credits` (> 0) between the parent `account` and sub-account `id` in one
    /// transaction: `add` debits the parent (which starts at `startingBalance`) and credits the
    /// sub-account, `remove` the reverse; neither balance ever goes below zero. The sub-account
    /// then the parent's balance are locked, in that order, as every writer takes them.
    public func moveSandboxSubAccountCredits(
        id: Int64, _ operation: SandboxConexteoSubAccountCreditMove.Operation, credits: Int, parentAccount: String,
        startingBalance: Int, at date: Date
    ) async throws(StorageError) -> SandboxCreditMove {
        let logger = self.logger
        return try await write("moving \(credits) credit(s) for sub-account \(id)") { db in
            try await PostgresSandboxStore.waitTurns(db, logger)
            guard
                var account = try SandboxConexteoSubAccount.first(
                    try await db.rows(
                        "SELECT \(unescaped: SandboxConexteoSubAccount.columns) FROM sandbox_conexteo_subaccount WHERE id = \(id) FOR UPDATE",
                        logger))
            else { return .notFound }
            let refusal = try await PostgresSandboxStore.withLockedBalance(
                account: parentAccount, startingBalance: startingBalance, db, logger
            ) { parent -> (newBalance: Int?, result: SandboxCreditMove?) in
                switch operation {
                case .add:
                    guard parent >= credits else { return (nil, .parentLacksCredits(available: parent)) }
                    return (parent - credits, nil)
                case .remove:
                    guard account.credits >= credits else { return (nil, .subAccountLacksCredits(available: account.credits)) }
                    return (parent + credits, nil)
                }
            }
            if let refusal { return refusal }
            account.credits += operation == .add ? credits : -credits
            try await db.execute("UPDATE sandbox_conexteo_subaccount SET credits = \(account.credits) WHERE id = \(id)", logger)
            guard
                let move = try SandboxConexteoSubAccountCreditMove.first(
                    try await db.rows(
                        """
                        INSERT INTO sandbox_conexteo_subaccount_credit (subaccount_id, operation, credits, balance_after, created_at)
                        VALUES (\(id), \(operation.rawValue), \(credits), \(account.credits), \(date.pg))
                        RETURNING \(unescaped: SandboxConexteoSubAccountCreditMove.columns)
                        """, logger))
            else { throw StorageError(.internal, "the credit move of sub-account \(id) was not stored") }
            return .moved(account, move)
        }
    }

    /// Every credit move of sub-account `id`, oldest first; nil when there is no such sub-account.
    public func sandboxSubAccountCreditHistory(id: Int64) async throws(StorageError) -> [SandboxConexteoSubAccountCreditMove]? {
        let logger = self.logger
        return try await read("reading the credit history of sub-account \(id)") { db in
            guard !(try await db.rows("SELECT 1 FROM sandbox_conexteo_subaccount WHERE id = \(id)", logger)).isEmpty else { return nil }
            return try SandboxConexteoSubAccountCreditMove.all(
                try await db.rows(
                    """
                    SELECT \(unescaped: SandboxConexteoSubAccountCreditMove.columns) FROM sandbox_conexteo_subaccount_credit
                    WHERE subaccount_id = \(id) ORDER BY id
                    """, logger))
        }
    }
}
