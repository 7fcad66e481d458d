/// A debit of sandbox credits taken in the same transaction as a send.
public struct SandboxDebit: Sendable, Hashable {
    /// The account charged (the sandbox keys balances by API key).
    public var account: String
    /// Credits to take.
    public var amount: Int
    /// The balance an account starts with before its first debit.
    public var startingBalance: Int

    /// Creates a debit.
    public init(account: String, amount: Int, startingBalance: Int) {
        self.account = account
        self.amount = amount
        self.startingBalance = startingBalance
    }
}
