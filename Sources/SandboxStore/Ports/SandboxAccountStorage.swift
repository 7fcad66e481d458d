import Foundation
import Storage

/// The Conexteo emulation's sub-accounts and the credits moved between them and the parent account.
public protocol SandboxAccountStorage: Sendable {
    /// Creates a sub-account with no credits.
    func createSandboxSubAccount(name: String, email: String, creditMode: String, at date: Date)
        async throws(StorageError) -> SandboxSubAccountCreation
    /// Sub-accounts in creation order, from `offset`, at most `limit`.
    func sandboxSubAccounts(offset: Int, limit: Int?) async throws(StorageError) -> [SandboxConexteoSubAccount]
    /// How many sub-accounts exist.
    func sandboxSubAccountCount() async throws(StorageError) -> Int
    /// The sub-account `id`, if any.
    func sandboxSubAccount(id: Int64) async throws(StorageError) -> SandboxConexteoSubAccount?
    /// Sets how sub-account `id` pays for its sends; nil when there is none.
    func setSandboxSubAccountCreditMode(id: Int64, mode: String) async throws(StorageError) -> SandboxConexteoSubAccount?
    /// Moves `credits` (> 0) between the parent `account` and sub-account `id` in one
    /// transaction: `add` debits the parent (which starts at `startingBalance`) and credits the
    /// sub-account, `remove` the reverse; neither balance ever goes below zero.
    func moveSandboxSubAccountCredits(
        id: Int64, _ operation: SandboxConexteoSubAccountCreditMove.Operation, credits: Int, parentAccount: String,
        startingBalance: Int, at date: Date
    ) async throws(StorageError) -> SandboxCreditMove
    /// Every credit move of sub-account `id`, oldest first; nil when there is no such sub-account.
    func sandboxSubAccountCreditHistory(id: Int64) async throws(StorageError) -> [SandboxConexteoSubAccountCreditMove]?
}

extension SandboxAccountStorage {
    /// Every sub-account, in creation order.
    public func sandboxSubAccounts() async throws(StorageError) -> [SandboxConexteoSubAccount] {
        try await sandboxSubAccounts(offset: 0, limit: nil)
    }
}
