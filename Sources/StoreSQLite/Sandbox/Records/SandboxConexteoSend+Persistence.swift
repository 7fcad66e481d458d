import Foundation
import GRDB
import SandboxStore
import Storage

extension SandboxConexteoSend: SQLiteMapped {
    static var tableName: String { "sandbox_conexteo_send" }

    init(row: Row) throws {
        let id: String = row["id"]
        let channelText: String = row["type"]
        let stateText: String = row["state"]
        guard let channel = Channel(rawValue: channelText) else { throw StorageError.corrupt("Conexteo send \(id)", channelText) }
        guard let state = State(rawValue: stateText) else { throw StorageError.corrupt("Conexteo send \(id)", stateText) }
        self.init(
            id: id, channel: channel, content: row["content"], sender: row["sender"], state: state,
            recipientsCount: row["recipients_count"], creditsRequired: row["credits_required"], smsCount: row["sms_count"],
            externalID: row["external_id"], shortURLMode: row["shorturl_mode"], shortURL: row["shorturl_url"],
            rcsType: row["rcs_type"], rcsPayload: row["rcs_payload"], scheduleAt: row["schedule_at"],
            createdAt: row["created_at"], cancelledAt: row["cancelled_at"])
    }

    func encode(to container: inout PersistenceContainer) {
        container["id"] = id
        container["type"] = channel.rawValue
        container["content"] = content
        container["sender"] = sender
        container["state"] = state.rawValue
        container["recipients_count"] = recipientsCount
        container["credits_required"] = creditsRequired
        container["sms_count"] = smsCount
        container["external_id"] = externalID
        container["shorturl_mode"] = shortURLMode
        container["shorturl_url"] = shortURL
        container["rcs_type"] = rcsType
        container["rcs_payload"] = rcsPayload
        container["schedule_at"] = scheduleAt
        container["created_at"] = createdAt
        container["cancelled_at"] = cancelledAt
    }
}
