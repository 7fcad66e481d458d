import Foundation
import GRDB

/// A number on the local stop list: nothing but its one opt-out confirmation is sent to it.
public struct StopRow: Codable, Sendable, Hashable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "stop"

    /// The number, E.164.
    public var phone: String
    /// How it got there: `keyword` (the person replied STOP), `script`, `cli`...
    public var source: String
    public var createdAt: Date

    enum CodingKeys: String, CodingKey {
        case phone, source
        case createdAt = "created_at"
    }

    /// A stop entry.
    public init(phone: String, source: String, createdAt: Date) {
        self.phone = phone
        self.source = source
        self.createdAt = createdAt
    }
}
