import Foundation
import Providers

/// One event the Conerix emulation posts, built once and sent to every subscribed endpoint
/// with the same id and body (each endpoint gets its own signature).
struct OutgoingConerixEvent: Sendable {
    /// `evt_…`.
    let id: String
    let type: ConerixEventType
    /// The message the event is about.
    let messageID: String
    /// The JSON body, exactly as signed and sent.
    let body: [UInt8]

    /// The event of `type` for `message` at `now`: `message.sent` carries status `sent` and no
    /// `delivered_at`; `message.delivered` carries status `delivered` and `delivered_at` [V fields].
    init(_ type: ConerixEventType, message: AcceptedConerixMessage, now: Date) {
        let at = ConerixAPI.timestamp(now)
        let status: String
        switch type {
        case .sent: status = "sent"
        case .delivered: status = "delivered"
        case .failed: status = "failed"
        }
        var data: [JSONValue.Member] = [
            .init(key: "id", value: .string(message.id)), .init(key: "object", value: .string("message")),
            .init(key: "to", value: .string(message.to)), .init(key: "from", value: .string(message.from)),
            .init(key: "status", value: .string(status)),
            .init(key: "delivered_at", value: type == .delivered ? .string(at) : .null),
        ]
        if let reference = message.reference { data.append(.init(key: "reference", value: .string(reference))) }
        self.id = SandboxIDs.make("evt_", 24)
        self.type = type
        self.messageID = message.id
        self.body = JSONValue.object([
            "id": .string(id), "object": .string("event"), "type": .string(type.rawValue), "created_at": .string(at),
            "data": .object(data),
        ]).bytes
    }
}
