import Foundation

/// One move of credits between the parent account and a sub-account.
public struct SandboxConexteoSubAccountCreditMove: Sendable, Hashable {
    /// Which way credits moved.
    public enum Operation: String, Sendable, Hashable {
        /// From the parent account to the sub-account.
        case add
        /// From the sub-account back to the parent account.
        case remove
    }

    /// The move's id, assigned when stored.
    public var id: Int64?
    /// The sub-account whose balance moved.
    public var subAccountID: Int64
    /// Which way the credits went.
    public var operation: Operation
    /// Credits moved, always positive.
    public var credits: Int
    /// The sub-account's balance after the move.
    public var balanceAfter: Int
    /// When they moved.
    public var createdAt: Date

    /// A move not yet stored.
    public init(subAccountID: Int64, operation: Operation, credits: Int, balanceAfter: Int, createdAt: Date) {
        self.subAccountID = subAccountID
        self.operation = operation
        self.credits = credits
        self.balanceAfter = balanceAfter
        self.createdAt = createdAt
    }
}
