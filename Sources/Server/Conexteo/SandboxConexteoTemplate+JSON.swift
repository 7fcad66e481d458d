import Storage
import SandboxStore

extension SandboxConexteoTemplate {
    /// An SMS template as Conexteo answers it: `{id, name, content, sender}` [G: MindCloud].
    var smsJSON: JSONValue {
        .object([
            "id": .int(Int(id ?? 0)), "name": .string(name), "content": .string(content ?? ""),
            "sender": sender.map(JSONValue.string) ?? .null,
        ])
    }

    /// An RCS template: `{id, name, rcs_type, text, card{}, carousel{}, shorturl{},
    /// fallback_content, fallback_sender, isModel}` [G: MindCloud]; absent parts are null [I].
    var rcsJSON: JSONValue {
        func text(_ value: String?) -> JSONValue { value.map(JSONValue.string) ?? .null }
        func json(_ value: String?) -> JSONValue { JSONValue.fromJSONText(value) ?? .null }
        return .object([
            "id": .int(Int(id ?? 0)), "name": .string(name), "rcs_type": text(rcsType), "text": text(rcsText),
            "card": json(rcsCard), "carousel": json(rcsCarousel), "shorturl": json(shortURL),
            "fallback_content": text(fallbackContent), "fallback_sender": text(fallbackSender), "isModel": .bool(true),
        ])
    }

    /// The template in its kind's shape.
    var json: JSONValue { kind == .sms ? smsJSON : rcsJSON }
}
