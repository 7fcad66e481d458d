import Foundation
import Hummingbird
import SMSCore
import Providers
import Storage
import SandboxStore

extension ConexteoAPI {
    /// `POST /messages/rcs` [V: fields; I: the answer, read as the SMS send's, and one credit per
    /// recipient]: checks the message, stores one `rcs` message per recipient and the send record.
    func sendRCS(_ request: Request) async -> Response {
        var request = request
        let json = try? await request.jsonBody()
        guard case .object = json else {
            return ConexteoReply.badRequest(["the request body must be a JSON object with type, contacts and data"])
        }
        let parsed: ConexteoRCSSend
        do throws(ConexteoSend.Invalid) {
            parsed = try ConexteoRCSSend(json)
        } catch {
            return ConexteoReply.badRequest(error.messages)
        }
        let now = clock.now()
        let sender = parsed.fallbackSender?.value ?? SandboxProvider.defaultSender
        let summary = parsed.payload.summary
        let records = parsed.recipients.enumerated().map { index, number in
            SandboxMessage(
                id: SandboxMessage.makeID(), to: number.e164, from: sender, body: summary, encoding: "RCS",
                segments: 1, status: "accepted", externalID: index == 0 ? parsed.externalID : nil, createdAt: now)
        }
        var stored: [JSONValue.Member] = [.init(key: "data", value: parsed.payload.data)]
        if let content = parsed.fallbackContent {
            var fallback: [JSONValue.Member] = [.init(key: "content", value: .string(content))]
            if let sender = parsed.fallbackSender { fallback.append(.init(key: "sender", value: .string(sender.value))) }
            stored.append(.init(key: "fallback", value: .object(fallback)))
        }
        let send = SandboxConexteoSend(
            id: records[0].id, channel: .rcs, content: summary, sender: sender, state: .sent,
            recipientsCount: records.count, creditsRequired: records.count, smsCount: records.count,
            externalID: parsed.externalID, rcsType: parsed.payload.type,
            rcsPayload: JSONValue.object(stored).jsonText, createdAt: now)
        return await record(records, as: send, duplicates: parsed.duplicates)
    }
}
