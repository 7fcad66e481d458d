import Foundation
import PostgresNIO
import SandboxStore
import Storage

extension SandboxWebhookEndpoint: PostgresMapped {
    static let columns = "id, url, description, events, signing_secret, is_active, created_at"

    init(postgres c: PostgresColumns) throws {
        let id: String = try c("id")
        let eventsText: String = try c("events")
        // A JSON array of event types, as the SQLite backend stores it.
        guard let events = try? JSONDecoder().decode([String].self, from: Data(eventsText.utf8)) else {
            throw StorageError(.corruptRow, "webhook endpoint \(id) holds events '\(eventsText)', which is not a JSON array of strings")
        }
        self.init(
            id: id, url: try c("url"), description: try c("description"), events: events, signingSecret: try c("signing_secret"),
            isActive: try c("is_active"), createdAt: try c("created_at"))
    }

    /// The events as a JSON array.
    var eventsJSON: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        // Encoding an array of strings cannot fail.
        return (try? String(decoding: encoder.encode(events), as: UTF8.self)) ?? "[]"
    }
}
