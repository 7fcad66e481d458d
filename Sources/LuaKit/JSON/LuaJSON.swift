import CLua
import CLuaShims
import Foundation

/// Lua's `json` module (`json.encode`, `json.decode`, `json.array`, `json.null`), working on
/// the Lua stack directly: no copy of the value through ``LuaValue`` on either side.
public enum LuaJSON {
    /// The deepest nesting `encode` and `decode` accept.
    public static let maximumDepth = 200
    /// How many values go by between two looks at the kill flag and the memory limit.
    static let checkInterval = 1024
    /// Registry keys of the state's `json.null` and of the metatable that marks arrays.
    static let nullKey: StaticString = "moonwire.json.null"
    static let arrayKey: StaticString = "moonwire.json.array"

    static let nullText: [UInt8] = Array("null".utf8)
    static let trueText: [UInt8] = Array("true".utf8)
    static let falseText: [UInt8] = Array("false".utf8)
    static let emptyArrayText: [UInt8] = Array("[]".utf8)
    static let emptyObjectText: [UInt8] = Array("{}".utf8)

    // MARK: - The module's functions

    /// `json.encode(value [, {indent = n | true}])` -> text | nil, err
    static func encode(_ call: LuaCall) throws -> Int32 {
        let L = call.L
        guard call.argumentCount >= 1 else { throw call.argumentError(1, "value expected") }
        var indent = 0
        if !call.isNil(2) {
            let options = try call.table(2)
            for key in options.fields.keys where key.stringValue != "indent" {
                throw call.argumentError(2, "unknown option '\(key.stringValue ?? key.typeName)'; the only option is indent")
            }
            switch options["indent"] {
            case .nil, .boolean(false): indent = 0
            case .boolean(true): indent = 2
            case .integer(let n) where (0...8).contains(n): indent = Int(n)
            default: throw call.argumentError(2, "indent must be true or a number of spaces from 0 to 8")
            }
        }
        var encoder = LuaJSONEncoder(L: L, indent: indent)
        do throws(LuaJSONFailure) {
            try encoder.write(1)
        } catch {
            return try failure(error, call)
        }
        encoder.output.withUnsafeBufferPointer { bytes in
            bytes.withMemoryRebound(to: CChar.self) { _ = lua_pushlstring(L, $0.baseAddress, $0.count) }
        }
        return 1
    }

    /// `json.decode(text)` -> value | nil, err
    static func decode(_ call: LuaCall) throws -> Int32 {
        let L = call.L
        guard lua_type(L, 1) == LUA_TSTRING else { throw call.typeError(1, expected: "string") }
        var length = 0
        let pointer = lua_tolstring(L, 1, &length)!
        // The string stays on the stack (argument 1), so its bytes stay put while they are read.
        var parser = JSONParser(text: UnsafeRawBufferPointer(start: pointer, count: length), sink: LuaJSONDecoder(L: L))
        do throws(LuaJSONFailure) {
            try parser.parse()
        } catch {
            return try failure(error, call)
        }
        return 1
    }

    /// `json.array([t])` -> t, marked to encode as an array even when empty.
    static func array(_ call: LuaCall) throws -> Int32 {
        let L = call.L
        if call.isNil(1) {
            lua_settop(L, 0)
            lua_createtable(L, 0, 0)
        } else {
            guard lua_type(L, 1) == LUA_TTABLE else { throw call.typeError(1, expected: "table or nil") }
            lua_settop(L, 1)
            if lua_getmetatable(L, 1) != 0 {
                pushRegistryValue(L, arrayKey)
                let ours = lua_rawequal(L, -1, -2) != 0
                lua_settop(L, 1)
                guard ours else {
                    throw call.argumentError(1, "the table already has a metatable; json.array marks a table with a metatable of its own")
                }
                return 1
            }
        }
        pushRegistryValue(L, arrayKey)
        lua_setmetatable(L, 1)
        return 1
    }

    /// A kill raises (the trampoline turns it into the kill's own error); anything else is `nil, err`.
    private static func failure(_ failure: LuaJSONFailure, _ call: LuaCall) throws -> Int32 {
        switch failure {
        case .killed: throw LuaCallError("stopped")
        case .error(let error): return call.fail(code: error.failure.code, message: error.failure.message, extra: error.failure.extra)
        }
    }

    // MARK: - Registry

    /// Pushes the registry's value at `key` (raw access: nothing here can raise).
    static func pushRegistryValue(_ L: OpaquePointer, _ key: StaticString) {
        pushKey(L, key)
        lua_rawget(L, clua_registryindex())
    }

    /// Pops the top value into the registry at `key`.
    static func setRegistryValue(_ L: OpaquePointer, _ key: StaticString) {
        pushKey(L, key)
        lua_insert(L, -2)
        lua_rawset(L, clua_registryindex())
    }

    /// Pops the top value into `table[key]` (raw); `table` is an absolute index.
    static func setField(_ L: OpaquePointer, _ table: Int32, _ key: StaticString) {
        pushKey(L, key)
        lua_insert(L, -2)
        lua_rawset(L, table)
    }

    private static func pushKey(_ L: OpaquePointer, _ key: StaticString) {
        key.withUTF8Buffer { bytes in
            bytes.withMemoryRebound(to: CChar.self) { _ = lua_pushlstring(L, $0.baseAddress, $0.count) }
        }
    }

    // MARK: - Bytes

    /// The length of the UTF-8 sequence at `i` (1 to 4), or 0 when it is not valid UTF-8:
    /// a stray continuation byte, a truncated sequence, an overlong form, a surrogate, or a
    /// value past U+10FFFF.
    static func utf8SequenceLength(_ bytes: UnsafeRawBufferPointer, at i: Int) -> Int {
        let count = bytes.count
        let b0 = bytes[i]
        func continuation(_ k: Int) -> UInt8? {
            guard k < count else { return nil }
            let b = bytes[k]
            return b & 0xC0 == 0x80 ? b : nil
        }
        switch b0 {
        case 0xC2...0xDF:
            return continuation(i + 1) != nil ? 2 : 0
        case 0xE0...0xEF:
            guard let b1 = continuation(i + 1), continuation(i + 2) != nil else { return 0 }
            if b0 == 0xE0, b1 < 0xA0 { return 0 }  // overlong
            if b0 == 0xED, b1 >= 0xA0 { return 0 }  // UTF-16 surrogates
            return 3
        case 0xF0...0xF4:
            guard let b1 = continuation(i + 1), continuation(i + 2) != nil, continuation(i + 3) != nil else { return 0 }
            if b0 == 0xF0, b1 < 0x90 { return 0 }  // overlong
            if b0 == 0xF4, b1 >= 0x90 { return 0 }  // past U+10FFFF
            return 4
        default:
            return 0
        }
    }

    /// Appends `value` in decimal.
    static func appendInteger(_ value: Int64, to output: inout [UInt8]) {
        if value >= 0, value < 10 {
            output.append(UInt8(ascii: "0") + UInt8(value))
            return
        }
        // Digits backwards into a small buffer: no String for a number.
        var magnitude = value.magnitude
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
            var i = 20
            repeat {
                i -= 1
                digits[i] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
            } while magnitude > 0
            if value < 0 { output.append(UInt8(ascii: "-")) }
            output.append(contentsOf: UnsafeBufferPointer(rebasing: digits[i..<20]))
        }
    }

    /// Appends `value` as the shortest text that reads back as the same double, with a point
    /// (`1.0`) so it reads back as a float; NaN and the infinities are `not_finite`.
    static func appendFloat(_ value: Double, to output: inout [UInt8]) throws(LuaJSONFailure) {
        guard value.isFinite else {
            throw .error(LuaJSONError(code: .notFinite, message: "\(value) cannot be written as JSON, which has no NaN or infinity"))
        }
        // Swift's description is the shortest text that reads back as the same double.
        let text = value.description
        output.append(contentsOf: text.utf8)
        if !text.utf8.contains(where: { $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "e") }) {
            output.append(contentsOf: [UInt8(ascii: "."), UInt8(ascii: "0")])
        }
    }

    /// Appends `bytes` as a JSON string, checking that they are UTF-8 (`invalid_utf8` if not).
    static func appendString(_ bytes: UnsafeRawBufferPointer, to output: inout [UInt8]) throws(LuaJSONFailure) {
        output.append(UInt8(ascii: "\""))
        var runStart = 0
        var i = 0
        let count = bytes.count
        while i < count {
            let byte = bytes[i]
            if byte >= 0x20, byte != UInt8(ascii: "\""), byte != UInt8(ascii: "\\"), byte < 0x80 {
                i += 1
                continue
            }
            if byte >= 0x80 {
                let length = LuaJSON.utf8SequenceLength(bytes, at: i)
                guard length > 0 else {
                    throw .error(LuaJSONError(
                        code: .invalidUTF8,
                        message: "the string has a byte that is not UTF-8 (0x\(String(byte, radix: 16, uppercase: true))) "
                            + "at its byte \(i + 1); JSON text is UTF-8: encode binary data (base64, hex) first"))
                }
                i += length
                continue
            }
            if runStart < i { output.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[runStart..<i])) }
            LuaJSON.appendEscape(byte, to: &output)
            i += 1
            runStart = i
        }
        if runStart < count { output.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[runStart..<count])) }
        output.append(UInt8(ascii: "\""))
    }

    /// Appends the escape JSON needs for `byte` (a quote, a backslash or a control character).
    static func appendEscape(_ byte: UInt8, to output: inout [UInt8]) {
        output.append(UInt8(ascii: "\\"))
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"): output.append(byte)
        case 0x0A: output.append(UInt8(ascii: "n"))
        case 0x0D: output.append(UInt8(ascii: "r"))
        case 0x09: output.append(UInt8(ascii: "t"))
        case 0x08: output.append(UInt8(ascii: "b"))
        case 0x0C: output.append(UInt8(ascii: "f"))
        default:
            output.append(contentsOf: [UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"), hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]])
        }
    }

    /// Appends the UTF-8 form of `scalar` (not a surrogate, at most U+10FFFF).
    static func appendUTF8(_ scalar: UInt32, to output: inout [UInt8]) {
        switch scalar {
        case 0..<0x80:
            output.append(UInt8(scalar))
        case 0x80..<0x800:
            output.append(contentsOf: [UInt8(0xC0 | scalar >> 6), UInt8(0x80 | scalar & 0x3F)])
        case 0x800..<0x10000:
            output.append(contentsOf: [UInt8(0xE0 | scalar >> 12), UInt8(0x80 | scalar >> 6 & 0x3F), UInt8(0x80 | scalar & 0x3F)])
        default:
            output.append(contentsOf: [
                UInt8(0xF0 | scalar >> 18), UInt8(0x80 | scalar >> 12 & 0x3F), UInt8(0x80 | scalar >> 6 & 0x3F),
                UInt8(0x80 | scalar & 0x3F),
            ])
        }
    }

    private static let hex: [UInt8] = Array("0123456789abcdef".utf8)

    /// Byte order of two keys (as written, quoted): the order objects' keys are written in.
    static func precedes(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
        let common = min(a.count, b.count)
        let order = memcmp(a.baseAddress!, b.baseAddress!, common)
        return order != 0 ? order < 0 : a.count < b.count
    }
}
