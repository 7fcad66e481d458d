import Foundation
import GRDB
import SandboxStore
import Storage

extension SandboxWebhookEndpoint: SQLiteMapped {
    static var tableName: String { "sandbox_webhook_endpoint" }

    init(row: Row) throws {
        let id: String = row["id"]
        let eventsText: String = row["events"]
        // A JSON array, as GRDB's Codable records wrote it before the row types left GRDB.
        guard let events = try? JSONDecoder().decode([String].self, from: Data(eventsText.utf8)) else {
            throw StorageError.corrupt("webhook endpoint \(id)", eventsText)
        }
        self.init(
            id: id, url: row["url"], description: row["description"], events: events, signingSecret: row["signing_secret"],
            isActive: row["is_active"], createdAt: row["created_at"])
    }

    func encode(to container: inout PersistenceContainer) {
        container["id"] = id
        container["url"] = url
        container["description"] = description
        container["events"] = Self.eventsJSON(events)
        container["signing_secret"] = signingSecret
        container["is_active"] = isActive
        container["created_at"] = createdAt
    }

    /// The events as the JSON text GRDB's Codable records wrote (sorted keys, slashes escaped).
    static func eventsJSON(_ events: [String]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        // Encoding an array of strings cannot fail.
        return (try? String(decoding: encoder.encode(events), as: UTF8.self)) ?? "[]"
    }
}
