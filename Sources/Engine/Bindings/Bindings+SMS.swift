import Foundation
import LuaKit
import Providers
import SMSCore
import Storage

extension Bindings {
    /// The fields `sms.send` takes, and what people write instead by mistake.
    static let sendFields: Set<String> = ["to", "body", "from", "external_id", "class"]
    static let sendFieldHints = ["text": "body", "message": "body", "msg": "body", "sender": "from",
                                 "phone": "to", "number": "to", "recipient": "to", "externalid": "external_id",
                                 "id": "external_id", "type": "class", "kind": "class"]

    func smsFunctions() -> [String: LuaFunction] {
        let services = self.services
        let region = self.region
        return [
            // sms.send{to=, body=, from=, external_id=, class=} -> message | nil, err
            "send": LuaFunction { call in
                let spec = try call.table(1)
                try Bindings.checkFields(spec, call: call)
                guard let to = try Bindings.text(spec, "to", call: call, example: "\"+33612345678\"") else {
                    throw call.argumentError(1, "field 'to' is missing: give the recipient as an E.164 number such as \"+33612345678\"")
                }
                let body = try Bindings.text(spec, "body", call: call, example: "\"Hello\"") ?? ""
                let from = try Bindings.text(spec, "from", call: call, example: "\"ACME\"")
                let externalID = try Bindings.text(spec, "external_id", call: call, example: "\"order-42\"")
                let sendClass = try Bindings.sendClass(spec, call: call, default: .transactional)
                let (key, origin) = Bindings.dedupKey(explicit: externalID)
                let message: OutboundMessage
                do throws(SMSCoreError) {
                    message = try OutboundMessage.validate(to: to, body: body, from: from, externalID: externalID, region: region)
                } catch {
                    return call.fail(code: error.code.rawValue, message: error.message, extra: ["retryable": false])
                }
                return try call.suspend {
                    [try await Bindings.submit(message, sendClass: sendClass, key: key, origin: origin, services: services)]
                }
            },
            // sms.bulk{to={...}, body=, from=, external_id=, class="marketing"} -> {total, sent, deferred, failed, messages}
            "bulk": LuaFunction { call in try Bindings.bulk(call, services: services) },
            // sms.segments(text [, {smart=true}]) -> {encoding, segments, characters, parts, non_gsm, replacements}
            "segments": LuaFunction { call in
                let text = try Bindings.utf8(call, 1, atMost: Bindings.maximumSegmentsBytes)
                var smart = false
                if !call.isNil(2) {
                    let options = try call.table(2)
                    for key in options.fields.keys where key.stringValue != "smart" {
                        throw call.argumentError(2, "unknown option '\(key.stringValue ?? key.typeName)'; the only option is smart")
                    }
                    smart = options["smart"].isTruthy
                }
                call.push(Bindings.segmentationValue(Segmenter().segment(text, smart: smart), smart: smart))
                return 1
            },
            // sms.normalize(number [, region]) -> "+33612345678" | nil, err
            "normalize": LuaFunction { call in
                let text = try call.string(1)
                let numberRegion = try call.optionalString(2) ?? region
                do throws(SMSCoreError) {
                    call.push(try PhoneNumber.parse(text, region: numberRegion).e164)
                    return 1
                } catch {
                    return call.fail(code: error.code.rawValue, message: error.message, extra: ["retryable": false])
                }
            },
        ]
    }

    /// Raises for a field `sms.send` does not know, naming the one probably meant.
    static func checkFields(_ spec: LuaTable, call: LuaCall, allowed: Set<String> = sendFields) throws {
        if !spec.array.isEmpty {
            throw call.argumentError(1, "use named fields: sms.send{to = \"+33612345678\", body = \"Hello\"}")
        }
        let known = allowed == sendFields ? "to, body, from, external_id, class" : allowed.sorted().joined(separator: ", ")
        for key in spec.fields.keys {
            guard let name = key.stringValue else {
                throw call.argumentError(1, "unexpected \(key.typeName) key; fields are \(known)")
            }
            guard allowed.contains(name) else {
                let hint = sendFieldHints[name.lowercased()].flatMap { allowed.contains($0) ? " (did you mean '\($0)'?)" : nil } ?? ""
                throw call.argumentError(1, "unknown field '\(name)'\(hint); fields are \(known)")
            }
        }
    }

    /// The `class` field: `transactional` or `marketing`; raises on anything else.
    static func sendClass(_ spec: LuaTable, call: LuaCall, default value: SendClass) throws -> SendClass {
        guard let text = try text(spec, "class", call: call, example: "\"marketing\"") else { return value }
        guard let sendClass = SendClass(callerText: text) else {
            throw call.argumentError(1, "field 'class' must be \"transactional\" or \"marketing\", got \"\(text)\"")
        }
        return sendClass
    }

    /// A string field, nil when absent; raises on another type or invalid UTF-8.
    static func text(_ spec: LuaTable, _ field: String, call: LuaCall, example: String) throws -> String? {
        switch spec[field] {
        case .nil: return nil
        case .string(let s):
            guard let text = s.validText else {
                throw call.argumentError(1, "field '\(field)' is not valid UTF-8: save the script as UTF-8")
            }
            return text
        case let other:
            throw call.argumentError(1, "field '\(field)' must be a string such as \(example), got \(other.typeName)")
        }
    }

    /// The longest text `sms.segments` takes, checked before the text is copied: ten times the
    /// longest body a provider accepts (1,600 characters of up to 4 bytes each), so no real
    /// message is refused and a 100 MB string costs the host nothing.
    static let maximumSegmentsBytes = 64 << 10

    /// Argument `i` as valid UTF-8 text; raises otherwise.
    static func utf8(_ call: LuaCall, _ i: Int32, atMost limit: Int = .max) throws -> String {
        let bytes = limit == .max ? try call.bytes(i) : try call.bytes(i, atMost: limit, what: "text")
        guard let text = bytes.validText else {
            throw call.argumentError(i, "not valid UTF-8: SMS text must be UTF-8")
        }
        return text
    }

    static func segmentationValue(_ s: Segmentation, smart: Bool) -> LuaValue {
        var table = LuaTable([
            "encoding": .text(s.encoding.rawValue), "segments": .integer(Int64(s.segments)),
            "characters": .integer(Int64(s.characters)),
            "parts": .table(LuaTable(array: s.parts.map { .text(String($0)) })),
            "non_gsm": .table(LuaTable(array: s.nonGSM.map { .text($0) })),
        ])
        if smart {
            table["text"] = .text(s.text)
            table["replacements"] = .table(LuaTable(array: s.replacements.map { r in
                .table(LuaTable(["original": .text(r.original), "replacement": .text(r.replacement),
                                 "count": .integer(Int64(r.count))]))
            }))
        }
        return .table(table)
    }
}
