import Foundation
import SMSCore

/// Small JSON writing for the flow commands, keeping fields in a fixed order.
enum JSONText {
    /// Text that is JSON already (stored vars), written as is.
    struct Raw { var text: String }

    static func raw(_ text: String) -> Raw { Raw(text: text) }

    /// An object from ordered fields; nil values are written as null.
    static func object(_ fields: [(String, Any?)]) -> String {
        "{" + fields.map { string($0.0) + ":" + value($0.1) }.joined(separator: ",") + "}"
    }

    static func value(_ value: Any?) -> String {
        switch value {
        case nil: "null"
        case let raw as Raw: raw.text
        case let text as String: string(text)
        case let number as Int64: String(number)
        case let number as Int: String(number)
        case let flag as Bool: flag ? "true" : "false"
        case let list as [String]: "[" + list.map(string).joined(separator: ",") + "]"
        case let objects as [[(String, Any?)]]: "[" + objects.map(object).joined(separator: ",") + "]"
        default: string("\(value!)")
        }
    }

    static func string(_ text: String) -> String {
        var bytes: [UInt8] = []
        JSONString.append(text, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }
}
