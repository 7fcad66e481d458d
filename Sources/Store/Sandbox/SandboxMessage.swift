import Foundation
import GRDB

/// A message the sandbox provider accepted.
public struct SandboxMessage: Codable, Sendable, Hashable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "sandbox_message"

    /// The sandbox's message id, `sbx_` then 20 hex digits.
    public var id: String
    /// The recipient, E.164.
    public var to: String
    /// The sender id shown to the recipient.
    public var from: String
    public var body: String
    /// "GSM-7" or "UCS-2".
    public var encoding: String
    public var segments: Int
    /// "accepted" until a delivery report changes it.
    public var status: String
    /// The caller's dedup key, if any.
    public var externalID: String?
    public var createdAt: Date

    enum CodingKeys: String, CodingKey {
        case id, body, encoding, segments, status
        case to = "to_number"
        case from = "sender"
        case externalID = "external_id"
        case createdAt = "created_at"
    }

    /// Creates a message record.
    public init(
        id: String, to: String, from: String, body: String, encoding: String, segments: Int,
        status: String, externalID: String?, createdAt: Date
    ) {
        self.id = id
        self.to = to
        self.from = from
        self.body = body
        self.encoding = encoding
        self.segments = segments
        self.status = status
        self.externalID = externalID
        self.createdAt = createdAt
    }
}
