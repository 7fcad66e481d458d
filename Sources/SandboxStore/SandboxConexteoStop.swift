import Foundation
import GRDB
import Storage

/// A number on the sandbox's Conexteo stop list: it opted out, and list sends skip it.
public struct SandboxConexteoStop: Codable, Sendable, Hashable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "sandbox_conexteo_stop"

    /// The entry's id, assigned when stored.
    public var id: Int64?
    /// The stopped number, E.164.
    public var recipient: String
    /// When it was stopped.
    public var createdAt: Date

    enum CodingKeys: String, CodingKey {
        case id, recipient
        case createdAt = "created_at"
    }

    /// An entry not yet stored.
    public init(recipient: String, createdAt: Date) {
        self.recipient = recipient
        self.createdAt = createdAt
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}
