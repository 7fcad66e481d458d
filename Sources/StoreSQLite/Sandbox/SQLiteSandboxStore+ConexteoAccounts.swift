import Foundation
import GRDB
import SandboxStore
import Storage

// The sandbox's Conexteo sub-accounts and the credits moved between them and the parent account.

extension SQLiteSandboxStore {
    /// Creates a sub-account with no credits.
    public func createSandboxSubAccount(name: String, email: String, creditMode: String, at date: Date)
        async throws(StorageError) -> SandboxSubAccountCreation
    {
        try await write("creating sub-account \(email)") { db in
            if let existing = try SandboxConexteoSubAccount.filter(sql: "email = ? COLLATE NOCASE", arguments: [email])
                .fetchOne(db)
            {
                return .emailTaken(existing)
            }
            var account = SandboxConexteoSubAccount(name: name, email: email, creditMode: creditMode, createdAt: date)
            try account.insert(db)
            return .created(account)
        }
    }

    /// Sub-accounts in creation order, from `offset`, at most `limit`.
    public func sandboxSubAccounts(offset: Int, limit: Int?) async throws(StorageError) -> [SandboxConexteoSubAccount] {
        try await read("listing sub-accounts") { db in
            try SandboxConexteoSubAccount.order(Column("id")).limit(limit ?? -1, offset: offset).fetchAll(db)
        }
    }

    /// How many sub-accounts exist.
    public func sandboxSubAccountCount() async throws(StorageError) -> Int {
        try await read("counting sub-accounts") { db in try SandboxConexteoSubAccount.fetchCount(db) }
    }

    /// The sub-account `id`, if any.
    public func sandboxSubAccount(id: Int64) async throws(StorageError) -> SandboxConexteoSubAccount? {
        try await read("reading sub-account \(id)") { db in try SandboxConexteoSubAccount.fetchOne(db, key: id) }
    }

    /// Sets how sub-account `id` pays for its sends; nil when there is none.
    public func setSandboxSubAccountCreditMode(id: Int64, mode: String) async throws(StorageError) -> SandboxConexteoSubAccount? {
        try await write("setting the credit mode of sub-account \(id)") { db in
            guard var account = try SandboxConexteoSubAccount.fetchOne(db, key: id) else { return nil }
            account.creditMode = mode
            try account.update(db)
            return account
        }
    }

    /// Moves `credits` (> 0) between the parent `account` and sub-account `id` in one
    /// transaction: `add` debits the parent (which starts at `startingBalance`) and credits the
    /// sub-account, `remove` the reverse; neither balance ever goes below zero.
    public func moveSandboxSubAccountCredits(
        id: Int64, _ operation: SandboxConexteoSubAccountCreditMove.Operation, credits: Int, parentAccount: String,
        startingBalance: Int, at date: Date
    ) async throws(StorageError) -> SandboxCreditMove {
        try await write("moving \(credits) credit(s) for sub-account \(id)") { db in
            guard var account = try SandboxConexteoSubAccount.fetchOne(db, key: id) else { return .notFound }
            let parent = try SQLiteSandboxStore.creditBalance(db, account: parentAccount, startingBalance: startingBalance)
            let newParent: Int
            switch operation {
            case .add:
                guard parent >= credits else { return .parentLacksCredits(available: parent) }
                newParent = parent - credits
                account.credits += credits
            case .remove:
                guard account.credits >= credits else { return .subAccountLacksCredits(available: account.credits) }
                newParent = parent + credits
                account.credits -= credits
            }
            try db.execute(
                sql: """
                    INSERT INTO sandbox_credit (account, balance) VALUES (?, ?)
                    ON CONFLICT(account) DO UPDATE SET balance = excluded.balance
                    """,
                arguments: [parentAccount, newParent])
            try account.update(db)
            var move = SandboxConexteoSubAccountCreditMove(
                subAccountID: id, operation: operation, credits: credits, balanceAfter: account.credits, createdAt: date)
            try move.insert(db)
            return .moved(account, move)
        }
    }

    /// Every credit move of sub-account `id`, oldest first; nil when there is no such sub-account.
    public func sandboxSubAccountCreditHistory(id: Int64) async throws(StorageError) -> [SandboxConexteoSubAccountCreditMove]? {
        try await read("reading the credit history of sub-account \(id)") { db in
            guard try SandboxConexteoSubAccount.exists(db, key: id) else { return nil }
            return try SandboxConexteoSubAccountCreditMove.filter(Column("subaccount_id") == id).order(Column("id"))
                .fetchAll(db)
        }
    }
}
