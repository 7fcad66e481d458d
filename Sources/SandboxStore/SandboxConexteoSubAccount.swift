import Foundation
import GRDB
import Storage

/// A sub-account of the sandbox's Conexteo account, with its own credit balance.
public struct SandboxConexteoSubAccount: Codable, Sendable, Hashable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "sandbox_conexteo_subaccount"

    /// The sub-account's id, assigned when stored.
    public var id: Int64?
    /// Its display name.
    public var name: String
    /// Its login email, unique whatever the case.
    public var email: String
    /// Credits moved to it and not moved back.
    public var credits: Int
    /// `shared` or `dedicated`.
    public var creditMode: String
    /// When it was created.
    public var createdAt: Date

    enum CodingKeys: String, CodingKey {
        case id, name, email, credits
        case creditMode = "credit_mode"
        case createdAt = "created_at"
    }

    /// A sub-account not yet stored, with no credits.
    public init(name: String, email: String, creditMode: String, createdAt: Date) {
        self.name = name
        self.email = email
        self.credits = 0
        self.creditMode = creditMode
        self.createdAt = createdAt
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}
