import Foundation

/// Reads JSON text (RFC 8259) into a ``JSONParserSink``, which builds the values: Lua's `json`
/// module builds them on the Lua stack (``LuaJSONDecoder``), the engine as ``LuaValue``
/// (``LuaValue/init(json:)``). One grammar, one set of messages, for both.
///
/// Strict: one value, whitespace around it, no comments, no trailing commas, strings in UTF-8
/// with no raw control characters, `\u` escapes that pair their surrogates. A number Lua cannot
/// hold exactly (an integer beyond 64 bits, a float beyond ±1.8e308) is refused, not rounded.
public struct JSONParser<Sink: JSONParserSink> {
    let text: UnsafeRawBufferPointer
    /// What the values were given to.
    public var sink: Sink
    /// Refuse numbers a Lua value cannot hold exactly (true), or read an integer beyond 64 bits
    /// as the nearest double and a float beyond a double as an infinity (false: for a reader
    /// that only checks a document's shape).
    public var exactNumbers = true
    private var position = 0
    private var depth = 0
    private var countdown = LuaJSON.checkInterval
    private var scratch: [UInt8] = []

    /// A parser of `text` into `sink`.
    public init(text: UnsafeRawBufferPointer, sink: Sink) {
        self.text = text
        self.sink = sink
    }

    /// Gives the sink the value the whole text holds.
    public mutating func parse() throws(LuaJSONFailure) {
        skipSpace()
        try value()
        skipSpace()
        if position < text.count {
            throw fail(.invalidJSON, "unexpected \(describe(position)) after the JSON value; the text must hold one value")
        }
    }

    private mutating func value() throws(LuaJSONFailure) {
        countdown -= 1
        if countdown == 0 {
            countdown = LuaJSON.checkInterval
            do {
                try sink.check()
            } catch {
                guard case .error(var located) = error else { throw error }
                located.offset = position + 1
                throw .error(located)
            }
        }
        guard position < text.count else { throw fail(.invalidJSON, "the text ends where a value was expected") }
        switch text[position] {
        case UInt8(ascii: "{"): try object()
        case UInt8(ascii: "["): try array()
        case UInt8(ascii: "\""): try string()
        case UInt8(ascii: "t"):
            try literal("true")
            sink.boolean(true)
        case UInt8(ascii: "f"):
            try literal("false")
            sink.boolean(false)
        case UInt8(ascii: "n"):
            try literal("null")
            sink.null()
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): try number()
        default: throw fail(.invalidJSON, "unexpected \(describe(position)) where a value was expected")
        }
    }

    private mutating func enter() throws(LuaJSONFailure) {
        depth += 1
        guard depth <= LuaJSON.maximumDepth, sink.reserve() else {
            throw fail(.tooDeep, "arrays and objects nest deeper than \(LuaJSON.maximumDepth) levels")
        }
    }

    private mutating func object() throws(LuaJSONFailure) {
        try enter()
        position += 1
        sink.beginObject()
        skipSpace()
        if position < text.count, text[position] == UInt8(ascii: "}") {
            position += 1
            depth -= 1
            sink.endObject()
            return
        }
        while true {
            guard position < text.count, text[position] == UInt8(ascii: "\"") else {
                throw position < text.count
                    ? fail(.invalidJSON, "unexpected \(describe(position)) where an object's key (a string in double quotes) was expected")
                    : fail(.invalidJSON, "the text ends inside an object")
            }
            try string()
            skipSpace()
            guard position < text.count, text[position] == UInt8(ascii: ":") else {
                throw fail(.invalidJSON, "expected ':' after an object's key, found \(describe(position))")
            }
            position += 1
            skipSpace()
            try value()
            sink.setField()
            skipSpace()
            guard position < text.count else { throw fail(.invalidJSON, "the text ends inside an object") }
            let byte = text[position]
            position += 1
            if byte == UInt8(ascii: ",") {
                skipSpace()
                continue
            }
            if byte == UInt8(ascii: "}") { break }
            position -= 1
            throw fail(.invalidJSON, "expected ',' or '}' in an object, found \(describe(position))")
        }
        depth -= 1
        sink.endObject()
    }

    private mutating func array() throws(LuaJSONFailure) {
        try enter()
        position += 1
        sink.beginArray()
        skipSpace()
        if position < text.count, text[position] == UInt8(ascii: "]") {
            position += 1
            depth -= 1
            sink.endArray()
            return
        }
        var index = 0
        while true {
            try value()
            index += 1
            sink.append(index)
            skipSpace()
            guard position < text.count else { throw fail(.invalidJSON, "the text ends inside an array") }
            let byte = text[position]
            position += 1
            if byte == UInt8(ascii: ",") {
                skipSpace()
                continue
            }
            if byte == UInt8(ascii: "]") { break }
            position -= 1
            throw fail(.invalidJSON, "expected ',' or ']' in an array, found \(describe(position))")
        }
        depth -= 1
        sink.endArray()
    }

    private mutating func literal(_ word: StaticString) throws(LuaJSONFailure) {
        let count = word.utf8CodeUnitCount
        let matches = position + count <= text.count
            && memcmp(text.baseAddress! + position, word.utf8Start, count) == 0
        guard matches else { throw fail(.invalidJSON, "unexpected \(describe(position)) where a value was expected") }
        position += count
    }

    /// A string, given to the sink straight from the text when it has no escapes.
    private mutating func string() throws(LuaJSONFailure) {
        let start = position + 1
        var i = start
        let count = text.count
        while i < count {
            let byte = text[i]
            if byte == UInt8(ascii: "\"") {
                sink.string(UnsafeRawBufferPointer(rebasing: text[start..<i]))
                position = i + 1
                return
            }
            if byte == UInt8(ascii: "\\") { break }
            if byte < 0x20 { throw controlCharacter(at: i) }
            if byte < 0x80 {
                i += 1
            } else {
                let length = LuaJSON.utf8SequenceLength(text, at: i)
                guard length > 0 else { throw invalidUTF8(at: i) }
                i += length
            }
        }
        guard i < count else {
            position = start - 1
            throw fail(.invalidJSON, "the string that starts here is not closed (a '\"' is missing)")
        }
        try escapedString(start: start, from: i)
    }

    /// The slow path: the string has escapes, so it is built in a buffer.
    private mutating func escapedString(start: Int, from first: Int) throws(LuaJSONFailure) {
        scratch.removeAll(keepingCapacity: true)
        scratch.append(contentsOf: UnsafeRawBufferPointer(rebasing: text[start..<first]))
        var i = first
        let count = text.count
        while i < count {
            // The plain bytes up to the next quote, backslash or control character, copied at once.
            var end = i
            while end < count {
                let byte = text[end]
                if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte < 0x20 { break }
                if byte < 0x80 {
                    end += 1
                } else {
                    let length = LuaJSON.utf8SequenceLength(text, at: end)
                    guard length > 0 else { throw invalidUTF8(at: end) }
                    end += length
                }
            }
            if end > i {
                scratch.append(contentsOf: UnsafeRawBufferPointer(rebasing: text[i..<end]))
                i = end
                continue
            }
            let byte = text[i]
            switch byte {
            case UInt8(ascii: "\""):
                scratch.withUnsafeBytes { sink.string($0) }
                position = i + 1
                return
            case UInt8(ascii: "\\"):
                guard i + 1 < count else {
                    i = count  // a backslash that ends the text: the string is not closed
                    continue
                }
                let escape = text[i + 1]
                switch escape {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): scratch.append(escape)
                case UInt8(ascii: "b"): scratch.append(0x08)
                case UInt8(ascii: "f"): scratch.append(0x0C)
                case UInt8(ascii: "n"): scratch.append(0x0A)
                case UInt8(ascii: "r"): scratch.append(0x0D)
                case UInt8(ascii: "t"): scratch.append(0x09)
                case UInt8(ascii: "u"):
                    i = try unicodeEscape(at: i)
                    continue
                default:
                    position = i
                    throw fail(.invalidJSON, "'\\\(describeByte(escape))' is not a JSON escape (\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX are)")
                }
                i += 2
            default:  // a control character: the plain run stopped before it
                throw controlCharacter(at: i)
            }
        }
        position = start - 1
        throw fail(.invalidJSON, "the string that starts here is not closed (a '\"' is missing)")
    }

    /// Reads `\uXXXX` (and its low surrogate) at `i`, appends the character's UTF-8, and returns
    /// where the string goes on.
    private mutating func unicodeEscape(at i: Int) throws(LuaJSONFailure) -> Int {
        guard let high = hex4(at: i + 2) else {
            position = i
            throw fail(.invalidJSON, "\\u must be followed by four hexadecimal digits")
        }
        var scalar = high
        var next = i + 6
        if (0xD800..<0xDC00).contains(high) {
            guard next + 1 < text.count, text[next] == UInt8(ascii: "\\"), text[next + 1] == UInt8(ascii: "u"),
                let low = hex4(at: next + 2), (0xDC00..<0xE000).contains(low)
            else {
                position = i
                throw fail(.invalidUTF8, "\\u\(String(high, radix: 16, uppercase: true)) is half of a UTF-16 surrogate pair and its other half is missing")
            }
            scalar = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)
            next += 6
        } else if (0xDC00..<0xE000).contains(high) {
            position = i
            throw fail(.invalidUTF8, "\\u\(String(high, radix: 16, uppercase: true)) is the second half of a UTF-16 surrogate pair without its first")
        }
        LuaJSON.appendUTF8(scalar, to: &scratch)
        return next
    }

    private func hex4(at i: Int) -> UInt32? {
        guard i + 4 <= text.count else { return nil }
        var value: UInt32 = 0
        for k in i..<(i + 4) {
            let byte = text[k]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: return nil
            }
            value = value << 4 | UInt32(digit)
        }
        return value
    }

    /// A number (RFC 8259's grammar, checked here: strtod alone would take `01`, `.5` or `1.`).
    private mutating func number() throws(LuaJSONFailure) {
        let start = position
        var i = position
        let count = text.count
        var negative = false
        if text[i] == UInt8(ascii: "-") {
            negative = true
            i += 1
        }
        guard i < count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(text[i]) else {
            throw fail(.invalidJSON, "a '-' must be followed by digits")
        }
        // The integer part, accumulated as a negative number so Int64.min fits.
        var accumulated: Int64 = 0
        var overflow = false
        if text[i] == UInt8(ascii: "0") {
            i += 1
            if i < count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(text[i]) {
                position = start
                throw fail(.invalidJSON, "a number cannot start with 0 followed by digits (JSON has no octal)")
            }
        } else {
            while i < count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(text[i]) {
                let digit = Int64(text[i] - UInt8(ascii: "0"))
                let (times10, o1) = accumulated.multipliedReportingOverflow(by: 10)
                let (next, o2) = times10.subtractingReportingOverflow(digit)
                overflow = overflow || o1 || o2
                accumulated = next
                i += 1
            }
        }
        var isFloat = false
        if i < count, text[i] == UInt8(ascii: ".") {
            isFloat = true
            i += 1
            guard i < count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(text[i]) else {
                position = start
                throw fail(.invalidJSON, "a number's '.' must be followed by digits")
            }
            while i < count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(text[i]) { i += 1 }
        }
        if i < count, text[i] == UInt8(ascii: "e") || text[i] == UInt8(ascii: "E") {
            isFloat = true
            i += 1
            if i < count, text[i] == UInt8(ascii: "+") || text[i] == UInt8(ascii: "-") { i += 1 }
            guard i < count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(text[i]) else {
                position = start
                throw fail(.invalidJSON, "a number's exponent must have digits")
            }
            while i < count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(text[i]) { i += 1 }
        }
        position = i
        if !isFloat {
            if !negative {
                let (positive, o) = (0 as Int64).subtractingReportingOverflow(accumulated)
                overflow = overflow || o
                accumulated = positive
            }
            guard !overflow || !exactNumbers else {
                position = start
                throw fail(
                    .numberOutOfRange,
                    "the integer \(String(decoding: text[start..<i], as: UTF8.self)) does not fit in 64 bits "
                        + "(-9223372036854775808 to 9223372036854775807); send it as a string")
            }
            if !overflow {
                sink.integer(accumulated)
                return
            }
        }
        // strtod needs a terminated copy; numbers are short.
        let length = i - start
        let value: Double = withUnsafeTemporaryAllocation(of: CChar.self, capacity: length + 1) { buffer in
            UnsafeMutableRawBufferPointer(buffer).copyBytes(from: text[start..<i])
            buffer[length] = 0
            return strtod(buffer.baseAddress!, nil)
        }
        guard value.isFinite || !exactNumbers else {
            position = start
            throw fail(.numberOutOfRange, "the number \(String(decoding: text[start..<i], as: UTF8.self)) is beyond a double's range (±1.8e308)")
        }
        sink.number(value)
    }

    private mutating func skipSpace() {
        while position < text.count {
            switch text[position] {
            case 0x20, 0x0A, 0x0D, 0x09: position += 1
            default: return
            }
        }
    }

    // MARK: - Errors

    private mutating func controlCharacter(at i: Int) -> LuaJSONFailure {
        position = i
        return fail(.invalidJSON, "a string holds the control character \(describe(i)); write it as an escape (\\n, \\t, \\u00XX)")
    }

    private mutating func invalidUTF8(at i: Int) -> LuaJSONFailure {
        position = i
        return fail(.invalidUTF8, "a string holds the byte 0x\(String(text[i], radix: 16, uppercase: true)), which is not UTF-8 here")
    }

    private func fail(_ code: LuaJSONError.Code, _ message: String) -> LuaJSONFailure {
        .error(LuaJSONError(code: code, message: message, offset: position + 1))
    }

    /// The byte at `i` as a message shows it: `'x'`, or a code for a control or non-ASCII byte.
    private func describe(_ i: Int) -> String {
        guard i < text.count else { return "the end of the text" }
        return "'\(describeByte(text[i]))'"
    }

    private func describeByte(_ byte: UInt8) -> String {
        (0x21..<0x7F).contains(byte) ? String(UnicodeScalar(byte)) : "\\x" + (byte < 16 ? "0" : "") + String(byte, radix: 16, uppercase: true)
    }
}
