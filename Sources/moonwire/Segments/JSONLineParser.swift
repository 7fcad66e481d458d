/// Reads the message text out of one JSON Lines line: a JSON string, or an object with a `text` string.
///
/// A purpose-built parser rather than `JSONSerialization`: it only builds the one string it needs,
/// which keeps batch mode fast, and it can say exactly what is wrong with a line and where.
struct JSONLineParser {
    /// How deeply arrays and objects may nest inside a line, so a hostile line cannot exhaust the stack.
    static let maximumDepth = 128

    private let bytes: UnsafeBufferPointer<UInt8>
    private var index = 0

    private init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    /// The message `line` holds; `line` excludes the line break.
    static func text(in line: UnsafeBufferPointer<UInt8>) throws(BatchLineError) -> String {
        if let offset = UTF8Validator.firstInvalidOffset(in: line) {
            throw BatchLineError(
                code: .invalidUTF8,
                message: "byte \(offset + 1) (0x\(hex(line[offset]))) is not valid UTF-8: save the file as UTF-8 (iconv -f LATIN1 -t UTF-8 converts Latin-1)")
        }
        var parser = JSONLineParser(line)
        parser.skipWhitespace()
        guard parser.index < line.count else {
            throw BatchLineError(
                code: .emptyLine, message: "the line is empty: write \"\" for an empty message, or remove the line")
        }
        let text: String
        switch line[parser.index] {
        case UInt8(ascii: "\""):
            text = try parser.string()
        case UInt8(ascii: "{"):
            text = try parser.objectText()
        default:
            let start = parser.index
            let kind = try parser.skipValue(depth: 0)
            try parser.expectEnd()
            throw BatchLineError(
                code: .textNotString,
                message: "the line is \(parser.describe(kind, start..<parser.index)), not a message: \(hint)")
        }
        try parser.expectEnd()
        return text
    }

    private static let hint = "write each message as a JSON string such as \"Bonjour\" or an object such as {\"text\": \"Bonjour\"}"

    // MARK: Values

    /// Parses an object and returns its `text` field, once the whole object is known to be valid JSON.
    private mutating func objectText() throws(BatchLineError) -> String {
        let objectStart = index
        index += 1
        var text: String?
        var nonString: (kind: String, range: Range<Int>)?
        var keys: [String] = []
        skipWhitespace()
        if peek() == UInt8(ascii: "}") {
            index += 1
        } else {
            while true {
                guard peek() == UInt8(ascii: "\"") else { throw syntaxError(expected: "a field name in double quotes") }
                let key = try string()
                skipWhitespace()
                guard peek() == UInt8(ascii: ":") else { throw syntaxError(expected: "\":\" after the field name") }
                index += 1
                skipWhitespace()
                if key == "text" {
                    if text != nil || nonString != nil {
                        throw BatchLineError(
                            code: .duplicateText,
                            message: "the object has two \"text\" fields, so which one is the message is unclear: keep one")
                    }
                    if peek() == UInt8(ascii: "\"") {
                        text = try string()
                    } else {
                        let start = index
                        let kind = try skipValue(depth: 1)
                        nonString = (kind, start..<index)
                    }
                } else {
                    _ = try skipValue(depth: 1)
                    if keys.count < 6 { keys.append(key) }
                }
                skipWhitespace()
                if peek() == UInt8(ascii: ",") {
                    index += 1
                    skipWhitespace()
                } else if peek() == UInt8(ascii: "}") {
                    index += 1
                    break
                } else {
                    throw syntaxError(expected: "\",\" or \"}\" after a field")
                }
            }
        }
        try expectEnd()
        if let nonString {
            throw BatchLineError(
                code: .textNotString,
                message: "\"text\" is \(describe(nonString.kind, nonString.range)), not a string: write it in double quotes, e.g. {\"text\": \"Bonjour\"}")
        }
        guard let text else {
            let fields = keys.isEmpty ? "it is empty" : "it has " + keys.map { "\"\($0)\"" }.joined(separator: ", ")
            throw BatchLineError(
                code: .missingText,
                message: "the object \(excerpt(objectStart..<index)) has no \"text\" field (\(fields)): put the message in \"text\", e.g. {\"text\": \"Bonjour\"}")
        }
        return text
    }

    /// Parses the string starting at the opening quote under `index`.
    private mutating func string() throws(BatchLineError) -> String {
        index += 1
        let start = index
        // Fast path: no escapes, so the text is the bytes between the quotes as they are.
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                defer { index += 1 }
                return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
            }
            if byte == UInt8(ascii: "\\") { break }
            if byte < 0x20 { throw controlCharacterError(byte) }
            index += 1
        }
        var decoded = Array(UnsafeBufferPointer(rebasing: bytes[start..<index]))
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                index += 1
                return String(decoding: decoded, as: UTF8.self)
            case UInt8(ascii: "\\"):
                try unescape(into: &decoded)
            case ..<0x20:
                throw controlCharacterError(byte)
            default:
                decoded.append(byte)
                index += 1
            }
        }
        throw syntaxError(expected: "a closing \" for the string that starts at byte \(start)")
    }

    /// Decodes the escape sequence under `index` (at its backslash) and appends it as UTF-8.
    private mutating func unescape(into decoded: inout [UInt8]) throws(BatchLineError) {
        let escapeStart = index
        index += 1
        guard index < bytes.count else { throw syntaxError(expected: "an escape after \\") }
        let byte = bytes[index]
        index += 1
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): decoded.append(byte)
        case UInt8(ascii: "n"): decoded.append(0x0A)
        case UInt8(ascii: "r"): decoded.append(0x0D)
        case UInt8(ascii: "t"): decoded.append(0x09)
        case UInt8(ascii: "b"): decoded.append(0x08)
        case UInt8(ascii: "f"): decoded.append(0x0C)
        case UInt8(ascii: "u"):
            var value = try hexQuad()
            if (0xDC00...0xDFFF).contains(value) {
                throw surrogateError(escapeStart)
            }
            if (0xD800...0xDBFF).contains(value) {
                // An emoji escaped as UTF-16 comes as two \u escapes that only make sense together.
                guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u")
                else { throw surrogateError(escapeStart) }
                index += 2
                let low = try hexQuad()
                guard (0xDC00...0xDFFF).contains(low) else { throw surrogateError(escapeStart) }
                value = 0x10000 + ((value - 0xD800) << 10) + (low - 0xDC00)
            }
            decoded.append(contentsOf: Unicode.UTF8.encode(Unicode.Scalar(value)!)!)
        default:
            index -= 1
            throw BatchLineError(
                code: .invalidJSON,
                message: "not valid JSON: \(excerpt(escapeStart..<index + 1)) at byte \(escapeStart + 1) is not an escape JSON knows (\\\" \\\\ \\/ \\n \\r \\t \\b \\f \\uXXXX); \(Self.hint)")
        }
    }

    private mutating func hexQuad() throws(BatchLineError) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard index < bytes.count, let digit = Self.hexValue(bytes[index]) else {
                throw syntaxError(expected: "four hexadecimal digits after \\u")
            }
            value = value << 4 | UInt32(digit)
            index += 1
        }
        return value
    }

    /// Skips any JSON value and names its kind ("number", "array"...).
    private mutating func skipValue(depth: Int) throws(BatchLineError) -> String {
        guard depth <= Self.maximumDepth else {
            throw BatchLineError(
                code: .invalidJSON,
                message: "not valid JSON here: arrays and objects nest more than \(Self.maximumDepth) deep at byte \(index + 1); \(Self.hint)")
        }
        switch peek() ?? 0 {
        case UInt8(ascii: "\""):
            _ = try string()
            return "string"
        case UInt8(ascii: "{"):
            try skipContainer(close: UInt8(ascii: "}"), depth: depth, fields: true)
            return "object"
        case UInt8(ascii: "["):
            try skipContainer(close: UInt8(ascii: "]"), depth: depth, fields: false)
            return "array"
        case UInt8(ascii: "t"):
            try literal("true")
            return "boolean"
        case UInt8(ascii: "f"):
            try literal("false")
            return "boolean"
        case UInt8(ascii: "n"):
            try literal("null")
            return "null"
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            try number()
            return "number"
        default:
            throw syntaxError(expected: "a JSON value")
        }
    }

    private mutating func skipContainer(close: UInt8, depth: Int, fields: Bool) throws(BatchLineError) {
        index += 1
        skipWhitespace()
        if peek() == close {
            index += 1
            return
        }
        while true {
            if fields {
                guard peek() == UInt8(ascii: "\"") else { throw syntaxError(expected: "a field name in double quotes") }
                _ = try string()
                skipWhitespace()
                guard peek() == UInt8(ascii: ":") else { throw syntaxError(expected: "\":\" after the field name") }
                index += 1
                skipWhitespace()
            }
            _ = try skipValue(depth: depth + 1)
            skipWhitespace()
            if peek() == UInt8(ascii: ",") {
                index += 1
                skipWhitespace()
            } else if peek() == close {
                index += 1
                return
            } else {
                throw syntaxError(expected: "\",\" or \"\(Character(Unicode.Scalar(close)))\"")
            }
        }
    }

    private mutating func literal(_ word: StaticString) throws(BatchLineError) {
        let expected = UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount)
        guard index + expected.count <= bytes.count,
            expected.indices.allSatisfy({ bytes[index + $0] == expected[$0] })
        else { throw syntaxError(expected: "a JSON value (strings go in double quotes)") }
        index += expected.count
    }

    /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`
    private mutating func number() throws(BatchLineError) {
        if peek() == UInt8(ascii: "-") { index += 1 }
        if peek() == UInt8(ascii: "0") {
            index += 1
        } else {
            try digits()
        }
        if peek() == UInt8(ascii: ".") {
            index += 1
            try digits()
        }
        if peek() == UInt8(ascii: "e") || peek() == UInt8(ascii: "E") {
            index += 1
            if peek() == UInt8(ascii: "+") || peek() == UInt8(ascii: "-") { index += 1 }
            try digits()
        }
    }

    private mutating func digits() throws(BatchLineError) {
        guard let first = peek(), (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(first) else {
            throw syntaxError(expected: "a digit")
        }
        while let byte = peek(), (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) { index += 1 }
    }

    // MARK: Scanning

    private func peek() -> UInt8? { index < bytes.count ? bytes[index] : nil }

    private mutating func skipWhitespace() {
        while let byte = peek(),
            byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\r") || byte == UInt8(ascii: "\n")
        {
            index += 1
        }
    }

    private mutating func expectEnd() throws(BatchLineError) {
        skipWhitespace()
        guard index == bytes.count else {
            throw syntaxError(expected: "the end of the line after one complete value (one message per line)")
        }
    }

    // MARK: Errors

    private func syntaxError(expected: String) -> BatchLineError {
        // Word processors turn "..." into “...”, which JSON does not take as quotes.
        let typographic = Self.typographicQuotes.contains { quote in
            bytes[index...].starts(with: quote.utf8)
        }
        let note = typographic ? " (a typographic quote: JSON strings need straight \" quotes)" : ""
        return BatchLineError(
            code: .invalidJSON,
            message: "not valid JSON: expected \(expected) at byte \(index + 1), found \(describe(at: index))\(note); \(Self.hint)")
    }

    private static let typographicQuotes = ["“", "”", "„", "«", "»"]

    private func controlCharacterError(_ byte: UInt8) -> BatchLineError {
        BatchLineError(
            code: .invalidJSON,
            message: "not valid JSON: control character U+00\(Self.hex(byte)) at byte \(index + 1) must be escaped inside a string (write \\n for a new line, \\t for a tab)")
    }

    private func surrogateError(_ start: Int) -> BatchLineError {
        let end = min(bytes.count, max(index, start + 6))
        return BatchLineError(
            code: .invalidJSON,
            message: "not valid JSON: \(excerpt(start..<end)) at byte \(start + 1) is half of a UTF-16 surrogate pair; an emoji escaped as \\u needs both halves, e.g. \\ud83d\\ude00 for 😀 (or write it as is)")
    }

    /// The character at `offset`, quoted, or "the end of the line".
    private func describe(at offset: Int) -> String {
        guard offset < bytes.count else { return "the end of the line" }
        var iterator = UnsafeBufferPointer(rebasing: bytes[offset...]).makeIterator()
        var decoder = Unicode.UTF8()
        if case .scalarValue(let scalar) = decoder.decode(&iterator) {
            return scalar.properties.generalCategory == .control
                ? "U+" + Self.hex(scalar.value, width: 4)
                : "\"\(scalar)\""
        }
        return "byte 0x\(Self.hex(bytes[offset]))"
    }

    /// `a JSON number (42)`; just `JSON null` when the value says no more than its kind.
    private func describe(_ kind: String, _ range: Range<Int>) -> String {
        let source = excerpt(range)
        return source == kind ? "JSON \(kind)" : "a JSON \(kind) (\(source))"
    }

    /// The source text of `range`, cut to 40 characters.
    private func excerpt(_ range: Range<Int>) -> String {
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
        return text.count <= 40 ? text : String(text.prefix(39)) + "…"
    }

    /// `value` in uppercase hexadecimal, zero-padded to `width` digits.
    private static func hex(_ value: some BinaryInteger, width: Int = 2) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
