import Foundation

/// One line of a sub-account's credit history: `{id, operation, credits, balance_after,
/// created_at}` [I: only the schema name `SubAccountCredits` is public].
public struct ConexteoCreditMove: Decodable, Sendable, Hashable {
    /// Which way credits moved.
    public struct Operation: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
        /// The wire value.
        public var rawValue: String
        /// Wraps a wire value.
        public init(rawValue: String) { self.rawValue = rawValue }
        /// Credits moved from the parent account to the sub-account.
        public static let add = Operation(rawValue: "add")
        /// Credits moved back from the sub-account to the parent account.
        public static let remove = Operation(rawValue: "remove")
        public var description: String { rawValue }
    }

    /// Conexteo's id for the move.
    public var id: Int
    /// Which way the credits went.
    public var operation: Operation
    /// Credits moved (always positive; `operation` gives the direction).
    public var credits: Int
    /// The sub-account's balance after the move.
    public var balanceAfter: Int?
    /// When the credits moved, when Conexteo says.
    public var createdAt: Date?

    enum CodingKeys: String, CodingKey {
        case id, operation, credits
        case balanceAfter = "balance_after"
        case createdAt = "created_at"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.requiredID(.id)
        operation = Operation(rawValue: c.lenientString(.operation) ?? "")
        credits = c.lenientInt(.credits) ?? 0
        balanceAfter = c.lenientInt(.balanceAfter)
        createdAt = c.lenientDate(.createdAt)
    }
}
