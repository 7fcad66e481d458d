import Foundation
import LuaKit
import SMSCore

/// The JSON the flow journal, vars and contacts are stored in, written and read so a replay gets
/// back exactly the Lua values the live run saw: integers stay integers and floats stay floats
/// (`1.0` is written with its point), which `JSONSerialization` would not promise. Tables with
/// only a sequence part become arrays, other tables objects with string keys; functions,
/// userdata and threads become null.
enum FlowJSON {
    /// A failure to read stored JSON (a damaged row).
    struct DecodingError: Error, CustomStringConvertible {
        var description: String
    }

    // MARK: - Writing

    /// `value` as JSON text.
    static func encode(_ value: LuaValue) -> String {
        var output: [UInt8] = []
        write(value, to: &output)
        return String(decoding: output, as: UTF8.self)
    }

    private static func write(_ value: LuaValue, to output: inout [UInt8]) {
        switch value {
        case .nil, .function, .userdata, .thread, .lightUserdata:
            output.append(contentsOf: "null".utf8)
        case .boolean(let b):
            output.append(contentsOf: (b ? "true" : "false").utf8)
        case .integer(let i):
            output.append(contentsOf: String(i).utf8)
        case .number(let d):
            guard d.isFinite else {
                output.append(contentsOf: "null".utf8)
                return
            }
            var text = "\(d)"
            if !text.contains(where: { $0 == "." || $0 == "e" || $0 == "E" }) { text += ".0" }
            output.append(contentsOf: text.utf8)
        case .string(let s):
            JSONString.append(s.text, to: &output)
        case .table(let t):
            if t.fields.isEmpty && !t.array.isEmpty {
                output.append(UInt8(ascii: "["))
                for (i, element) in t.array.enumerated() {
                    if i > 0 { output.append(UInt8(ascii: ",")) }
                    write(element, to: &output)
                }
                output.append(UInt8(ascii: "]"))
                return
            }
            var entries: [(String, LuaValue)] = t.array.enumerated().map { (String($0.offset + 1), $0.element) }
            for (key, element) in t.fields {
                switch key {
                case .string(let s): entries.append((s.text, element))
                case .integer(let i): entries.append((String(i), element))
                default: continue
                }
            }
            entries.sort { $0.0 < $1.0 }
            output.append(UInt8(ascii: "{"))
            for (i, entry) in entries.enumerated() {
                if i > 0 { output.append(UInt8(ascii: ",")) }
                JSONString.append(entry.0, to: &output)
                output.append(UInt8(ascii: ":"))
                write(entry.1, to: &output)
            }
            output.append(UInt8(ascii: "}"))
        }
    }

    // MARK: - Reading

    /// The value `text` holds.
    static func decode(_ text: String) throws -> LuaValue {
        var reader = Reader(bytes: Array(text.utf8))
        let value = try reader.value(depth: 0)
        reader.skipSpace()
        guard reader.index == reader.bytes.count else { throw reader.failure("trailing characters") }
        return value
    }

    private struct Reader {
        let bytes: [UInt8]
        var index = 0

        init(bytes: [UInt8]) { self.bytes = bytes }

        func failure(_ what: String) -> DecodingError {
            DecodingError(description: "stored JSON is damaged at byte \(index): \(what)")
        }

        mutating func skipSpace() {
            while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
        }

        mutating func literal(_ word: String, _ value: LuaValue) throws -> LuaValue {
            let expected = Array(word.utf8)
            guard index + expected.count <= bytes.count, Array(bytes[index..<index + expected.count]) == expected else {
                throw failure("expected \(word)")
            }
            index += expected.count
            return value
        }

        mutating func value(depth: Int) throws -> LuaValue {
            guard depth < 64 else { throw failure("nested too deeply") }
            skipSpace()
            guard index < bytes.count else { throw failure("unexpected end") }
            switch bytes[index] {
            case UInt8(ascii: "n"): return try literal("null", .nil)
            case UInt8(ascii: "t"): return try literal("true", .boolean(true))
            case UInt8(ascii: "f"): return try literal("false", .boolean(false))
            case UInt8(ascii: "\""): return .text(try string())
            case UInt8(ascii: "["):
                index += 1
                var array: [LuaValue] = []
                skipSpace()
                if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
                    index += 1
                    return .table(LuaTable())
                }
                while true {
                    array.append(try value(depth: depth + 1))
                    skipSpace()
                    guard index < bytes.count else { throw failure("unclosed array") }
                    if bytes[index] == UInt8(ascii: ",") {
                        index += 1
                        continue
                    }
                    guard bytes[index] == UInt8(ascii: "]") else { throw failure("expected , or ]") }
                    index += 1
                    return .table(LuaTable(array: array))
                }
            case UInt8(ascii: "{"):
                index += 1
                var table = LuaTable()
                skipSpace()
                if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
                    index += 1
                    return .table(table)
                }
                while true {
                    skipSpace()
                    guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw failure("expected a key") }
                    let key = try string()
                    skipSpace()
                    guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw failure("expected :") }
                    index += 1
                    let element = try value(depth: depth + 1)
                    if case .nil = element {} else { table[key] = element }
                    skipSpace()
                    guard index < bytes.count else { throw failure("unclosed object") }
                    if bytes[index] == UInt8(ascii: ",") {
                        index += 1
                        continue
                    }
                    guard bytes[index] == UInt8(ascii: "}") else { throw failure("expected , or }") }
                    index += 1
                    return .table(table)
                }
            default:
                return try number()
            }
        }

        mutating func number() throws -> LuaValue {
            let start = index
            var isFloat = false
            while index < bytes.count {
                let b = bytes[index]
                if b == UInt8(ascii: ".") || b == UInt8(ascii: "e") || b == UInt8(ascii: "E") {
                    isFloat = true
                } else if !(b >= 0x30 && b <= 0x39) && b != UInt8(ascii: "-") && b != UInt8(ascii: "+") {
                    break
                }
                index += 1
            }
            let text = String(decoding: bytes[start..<index], as: UTF8.self)
            if !isFloat, let integer = Int64(text) { return .integer(integer) }
            guard let double = Double(text) else { throw failure("not a number: \(text)") }
            return .number(double)
        }

        mutating func string() throws -> String {
            index += 1  // the opening quote
            var output: [UInt8] = []
            while index < bytes.count {
                let b = bytes[index]
                index += 1
                if b == UInt8(ascii: "\"") { return String(decoding: output, as: UTF8.self) }
                guard b == UInt8(ascii: "\\") else {
                    output.append(b)
                    continue
                }
                guard index < bytes.count else { break }
                let escape = bytes[index]
                index += 1
                switch escape {
                case UInt8(ascii: "n"): output.append(0x0A)
                case UInt8(ascii: "r"): output.append(0x0D)
                case UInt8(ascii: "t"): output.append(0x09)
                case UInt8(ascii: "b"): output.append(0x08)
                case UInt8(ascii: "f"): output.append(0x0C)
                case UInt8(ascii: "u"):
                    var scalar = try hex4()
                    if (0xD800..<0xDC00).contains(scalar), index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"),
                        bytes[index + 1] == UInt8(ascii: "u")
                    {
                        index += 2
                        let low = try hex4()
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    }
                    output.append(contentsOf: String(Unicode.Scalar(scalar).map(Character.init) ?? "\u{FFFD}").utf8)
                default: output.append(escape)
                }
            }
            throw failure("unclosed string")
        }

        mutating func hex4() throws -> UInt32 {
            guard index + 4 <= bytes.count, let value = UInt32(String(decoding: bytes[index..<index + 4], as: UTF8.self), radix: 16)
            else { throw failure("bad \\u escape") }
            index += 4
            return value
        }
    }
}
