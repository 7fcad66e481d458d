import Foundation
import LuaKit
import SMSCore
import Storage

extension Bindings {
    /// `sms.bulk{to={...}, body=, from=, external_id=, class=}`: one body to many numbers, each
    /// its own outbox row (key `<base>:<n>`), marketing unless said otherwise. Returns
    /// `{total, sent, deferred, failed, messages}` where each entry is the message table or
    /// `{to=, error={code=, message=}}`; a bad number fails its entry, not the call.
    static func bulk(_ call: LuaCall, services: EngineServices) throws -> Int32 {
        let spec = try call.table(1)
        try checkFields(spec, call: call)
        guard case .table(let list) = spec["to"], list.fields.isEmpty, !list.array.isEmpty else {
            throw call.argumentError(1, "field 'to' must be a non-empty list of numbers: to = {\"+33612345678\", \"+33698765432\"}")
        }
        var numbers: [String] = []
        for (i, value) in list.array.enumerated() {
            guard let text = value.stringValue else {
                throw call.argumentError(1, "to[\(i + 1)] must be a string such as \"+33612345678\", got \(value.typeName)")
            }
            numbers.append(text)
        }
        let body = try text(spec, "body", call: call, example: "\"Hello\"") ?? ""
        let from = try text(spec, "from", call: call, example: "\"ACME\"")
        let externalID = try text(spec, "external_id", call: call, example: "\"promo-42\"")
        let sendClass = try Bindings.sendClass(spec, call: call, default: .marketing)
        let (base, origin) = dedupKey(explicit: externalID)
        let content: OutboundMessage.Content
        do throws(SMSCoreError) {
            // A bad external_id fails the call once, not every entry; the per-number keys made
            // from a good one are bounded so that none gets too long.
            if let externalID { try OutboundMessage.checkExternalID(externalID) }
            content = try OutboundMessage.content(body: body, from: from)
        } catch {
            return call.fail(code: error.code.rawValue, message: error.message, extra: ["retryable": false])
        }
        let region = services.region
        let recipients = numbers
        return try call.suspend {
            var entries: [LuaValue] = []
            var sent: Int64 = 0
            var deferred: Int64 = 0
            var failed: Int64 = 0
            for (i, number) in recipients.enumerated() {
                let key = DedupKey.fitted("\(base):\(i + 1)")
                do {
                    let message: OutboundMessage
                    do throws(SMSCoreError) {
                        message = try OutboundMessage(
                            to: OutboundMessage.recipient(number, region: region), content: content, externalID: key)
                    } catch {
                        throw LuaFailure(code: error.code.rawValue, message: error.message, extra: ["retryable": .boolean(false)])
                    }
                    let value = try await submit(message, sendClass: sendClass, key: key, origin: origin, services: services)
                    if case .table(let t) = value, t["status"].stringValue == "deferred" { deferred += 1 } else { sent += 1 }
                    entries.append(value)
                } catch let failure as LuaFailure {
                    failed += 1
                    entries.append(
                        .table(LuaTable([
                            "to": .text(number),
                            "error": .table(LuaTable(["code": .text(failure.code), "message": .text(failure.message)])),
                        ])))
                }
            }
            return [
                .table(
                    LuaTable([
                        "total": .integer(Int64(recipients.count)), "sent": .integer(sent), "deferred": .integer(deferred),
                        "failed": .integer(failed), "messages": .table(LuaTable(array: entries)),
                    ]))
            ]
        }
    }
}
