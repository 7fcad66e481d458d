import Foundation
import Storage
import SandboxStore

extension SandboxConexteoSend {
    /// A `GET /messages` row: `{id, content, sender, state, message_type{}, recipients_count,
    /// credits_required, scheduledate, scheduletime, scheduletimestamp, shorturl_mode{},
    /// shorturl_url}` [G: MindCloud]. The insides of `message_type` (`{id, label}`, 1 = SMS as the
    /// legacy send's `message_type: 1` suggests) and `shorturl_mode` (`{label}`), the state
    /// values, and `scheduletimestamp` in Unix seconds are [I]. An immediate send's schedule is
    /// its submission time.
    func historyRow(at now: Date) -> JSONValue {
        .object(historyMembers(at: now))
    }

    /// `GET /messages/:id` [I: not public]: the history row plus `type`, `sms_count`,
    /// `external_id`, `created_at`, `cancelled_at`, and an RCS send's `rcs_type`, `data` and `fallback`.
    func details(at now: Date) -> JSONValue {
        var members = historyMembers(at: now)
        let extra: KeyValuePairs<String, JSONValue> = [
            "type": .string(channel.rawValue), "sms_count": .int(smsCount),
            "external_id": externalID.map(JSONValue.string) ?? .null,
            "created_at": .string(ConexteoSchedule.iso(createdAt)),
            "cancelled_at": cancelledAt.map { .string(ConexteoSchedule.iso($0)) } ?? .null,
        ]
        members += extra.map { JSONValue.Member(key: $0.key, value: $0.value) }
        if channel == .rcs {
            let payload = JSONValue.fromJSONText(rcsPayload)
            members.append(.init(key: "rcs_type", value: rcsType.map(JSONValue.string) ?? .null))
            members.append(.init(key: "data", value: payload?["data"] ?? .null))
            members.append(.init(key: "fallback", value: payload?["fallback"] ?? .null))
        }
        return .object(members)
    }

    private func historyMembers(at now: Date) -> [JSONValue.Member] {
        let when = scheduleAt ?? createdAt
        let (date, time) = ConexteoSchedule.legacyParts(when)
        let pairs: KeyValuePairs<String, JSONValue> = [
            "id": .string(id), "content": .string(content), "sender": .string(sender),
            "state": .string(effectiveState(at: now).rawValue),
            "message_type": .object([
                "id": .int(channel == .sms ? 1 : 2), "label": .string(channel == .sms ? "SMS" : "RCS"),
            ]),
            "recipients_count": .int(recipientsCount), "credits_required": .int(creditsRequired),
            "scheduledate": .string(date), "scheduletime": .string(time),
            "scheduletimestamp": .int(Int(when.timeIntervalSince1970.rounded(.down))),
            "shorturl_mode": shortURLMode.map { .object(["label": .string($0)]) } ?? .null,
            "shorturl_url": shortURL.map(JSONValue.string) ?? .null,
        ]
        return pairs.map { JSONValue.Member(key: $0.key, value: $0.value) }
    }
}
