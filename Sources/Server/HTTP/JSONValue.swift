import Foundation
import SMSCore

/// A JSON document: requests are read into it, and responses are written from it with their keys
/// in the order the provider documents them.
enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    /// An exact decimal written as is (prices: `0.05`, never `0.05000000000000001`).
    case decimal(Decimal)
    case string(String)
    case array([JSONValue])
    case object([Member])

    /// One key and value of an object, in order.
    struct Member: Sendable, Equatable {
        var key: String
        var value: JSONValue
    }

    /// An object from ordered pairs.
    static func object(_ pairs: KeyValuePairs<String, JSONValue>) -> JSONValue {
        .object(pairs.map { Member(key: $0.key, value: $0.value) })
    }

    /// The value for `key` when this is an object.
    subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members.last(where: { $0.key == key })?.value
    }

    /// The string, when this is one.
    var string: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    /// The integer, when this is a whole number.
    var int: Int? {
        switch self {
        case .int(let i): i
        case .double(let d) where d.rounded() == d && abs(d) < 1e15: Int(d)
        default: nil
        }
    }

    /// The elements, when this is an array.
    var array: [JSONValue]? {
        if case .array(let a) = self { return a }
        return nil
    }

    /// The flag, when this is a boolean.
    var bool: Bool? {
        if case .bool(let b) = self { return b }
        return nil
    }

    /// The UTF-8 JSON text.
    var bytes: [UInt8] {
        var output: [UInt8] = []
        write(to: &output)
        return output
    }

    private func write(to output: inout [UInt8]) {
        switch self {
        case .null: output += Array("null".utf8)
        case .bool(let b): output += Array((b ? "true" : "false").utf8)
        case .int(let i): JSONString.append(i, to: &output)
        case .double(let d): output += Array((d.isFinite ? "\(d)" : "null").utf8)
        case .decimal(let d): output += Array("\(d)".utf8)
        case .string(let s): JSONString.append(s, to: &output)
        case .array(let elements):
            output.append(UInt8(ascii: "["))
            for (i, element) in elements.enumerated() {
                if i > 0 { output.append(UInt8(ascii: ",")) }
                element.write(to: &output)
            }
            output.append(UInt8(ascii: "]"))
        case .object(let members):
            output.append(UInt8(ascii: "{"))
            for (i, member) in members.enumerated() {
                if i > 0 { output.append(UInt8(ascii: ",")) }
                JSONString.append(member.key, to: &output)
                output.append(UInt8(ascii: ":"))
                member.value.write(to: &output)
            }
            output.append(UInt8(ascii: "}"))
        }
    }
}

extension JSONValue: Decodable {
    init(from decoder: any Decoder) throws {
        if var array = try? decoder.unkeyedContainer() {
            var elements: [JSONValue] = []
            while !array.isAtEnd { elements.append(try array.decode(JSONValue.self)) }
            self = .array(elements)
            return
        }
        if let object = try? decoder.container(keyedBy: AnyKey.self) {
            // Keys sorted: a decoded dictionary has no order, and a stable one keeps output stable.
            self = .object(
                try object.allKeys.sorted { $0.stringValue < $1.stringValue }.map {
                    Member(key: $0.stringValue, value: try object.decode(JSONValue.self, forKey: $0))
                })
            return
        }
        let value = try decoder.singleValueContainer()
        if value.decodeNil() {
            self = .null
        } else if let b = try? value.decode(Bool.self) {
            self = .bool(b)
        } else if let i = try? value.decode(Int.self) {
            self = .int(i)
        } else if let d = try? value.decode(Double.self) {
            self = .double(d)
        } else {
            self = .string(try value.decode(String.self))
        }
    }

    /// Any string key.
    private struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
}
