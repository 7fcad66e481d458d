import LuaKit

/// Reads the message text out of one JSON Lines line: a JSON string, or an object with a `text`
/// string.
///
/// LuaKit's ``JSONParser`` reads the line, the one JSON grammar of Moonwire; the sink here keeps
/// only what a batch line needs (its shape, its `text`, a few other keys) and builds no other
/// string, which keeps batch mode fast. The errors say what a batch line should be.
struct JSONLineParser {
    /// The message `line` holds; `line` excludes the line break.
    static func text(in line: UnsafeBufferPointer<UInt8>) throws(BatchLineError) -> String {
        var parser = JSONParser(text: UnsafeRawBufferPointer(line), sink: LineSink())
        parser.exactNumbers = false  // an id beyond 64 bits is no reason to refuse the line
        do throws(LuaJSONFailure) {
            try parser.parse()
        } catch {
            // The parser refuses bytes that are not UTF-8 and an empty line too; these two say
            // so in a batch's own words (checked only here, off the path of good lines).
            if let offset = UTF8Validator.firstInvalidOffset(in: line) {
                throw BatchLineError(
                    code: .invalidUTF8,
                    message: "byte \(offset + 1) (0x\(hex(line[offset]))) is not valid UTF-8: save the file as UTF-8 (iconv -f LATIN1 -t UTF-8 converts Latin-1)")
            }
            guard line.contains(where: { ![0x20, 0x09, 0x0D, 0x0A].contains($0) }) else {
                throw BatchLineError(code: .emptyLine, message: "the line is empty: write \"\" for an empty message, or remove the line")
            }
            guard case .error(let error) = error else { throw BatchLineError(code: .invalidJSON, message: "not valid JSON") }
            throw syntaxError(error, in: line)
        }
        let line = parser.sink
        switch line.value {
        case .string(let text)?:
            return text
        case .object?:
            if line.textCount > 1 {
                throw BatchLineError(
                    code: .duplicateText, message: "the object has two \"text\" fields, so which one is the message is unclear: keep one")
            }
            switch line.text {
            case .string(let text)?:
                return text
            case let kind?:
                throw BatchLineError(
                    code: .textNotString,
                    message: "\"text\" is \(kind.described), not a string: write it in double quotes, e.g. {\"text\": \"Bonjour\"}")
            case nil:
                let fields = line.keys.isEmpty ? "it is empty" : "it has " + line.keys.map { "\"\($0)\"" }.joined(separator: ", ")
                throw BatchLineError(
                    code: .missingText,
                    message: "the object has no \"text\" field (\(fields)): put the message in \"text\", e.g. {\"text\": \"Bonjour\"}")
            }
        case let kind:
            throw BatchLineError(
                code: .textNotString, message: "the line is \((kind ?? .null).described), not a message: \(hint)")
        }
    }

    private static let hint = "write each message as a JSON string such as \"Bonjour\" or an object such as {\"text\": \"Bonjour\"}"

    /// The parser's complaint, with a word on typographic quotes, which word processors put in
    /// place of `"` and JSON does not take.
    private static func syntaxError(_ error: LuaJSONError, in line: UnsafeBufferPointer<UInt8>) -> BatchLineError {
        let at = (error.offset ?? 1) - 1
        let typographic = at < line.count && typographicQuotes.contains { line[at...].starts(with: $0.utf8) }
        let note = typographic ? " (a typographic quote: JSON strings need straight \" quotes)" : ""
        let position = error.offset.map { " at byte \($0)" } ?? ""
        return BatchLineError(code: .invalidJSON, message: "not valid JSON: \(error.message)\(position)\(note); \(hint)")
    }

    private static let typographicQuotes = ["“", "”", "„", "«", "»"]

    /// `value` in uppercase hexadecimal, two digits.
    private static func hex(_ value: UInt8) -> String {
        (value < 16 ? "0" : "") + String(value, radix: 16, uppercase: true)
    }

    /// What kind of JSON value something is, as an error names it.
    enum Kind {
        case string(String)
        case number(String)
        case boolean(Bool)
        case null
        case object
        case array

        /// `a JSON number (42)`, `JSON null`.
        var described: String {
            switch self {
            case .string: "a JSON string"
            case .number(let text): "a JSON number (\(text))"
            case .boolean(let value): "a JSON boolean (\(value))"
            case .null: "JSON null"
            case .object: "a JSON object"
            case .array: "a JSON array"
            }
        }
    }

    /// Keeps the line's own value, and when it is an object its `text` member and its other keys.
    struct LineSink: JSONParserSink {
        /// The line's value (a string's text; a container's kind only).
        private(set) var value: Kind?
        /// The `text` member's value, and how many `text` members there were.
        private(set) var text: Kind?
        private(set) var textCount = 0
        /// The first keys of the line's object other than `text`, for the missing-text error.
        private(set) var keys: [String] = []
        /// Open containers, outermost first: an object, and whether its next string is a key.
        private var levels: [(object: Bool, expectingKey: Bool)] = []
        /// The key of the line's object whose value comes next.
        private var key: String?

        mutating func reserve() -> Bool { true }
        mutating func check() throws(LuaJSONFailure) {}

        /// A value at the current level: the line's own, a member of the line's object, or deeper (ignored).
        private mutating func found(_ kind: Kind) {
            if levels.isEmpty {
                value = kind
            } else if levels.count == 1, levels[0].object, key == "text" {
                text = kind
                textCount += 1
            }
        }

        mutating func null() { found(.null) }
        mutating func boolean(_ value: Bool) { found(.boolean(value)) }
        mutating func integer(_ value: Int64) { found(.number(String(value))) }
        mutating func number(_ value: Double) { found(.number(value.description)) }

        mutating func string(_ bytes: UnsafeRawBufferPointer) {
            if let last = levels.indices.last, levels[last].object, levels[last].expectingKey {
                levels[last].expectingKey = false
                guard last == 0 else { return }
                let name = String(decoding: bytes, as: UTF8.self)
                key = name
                if name != "text", keys.count < 6 { keys.append(name) }
                return
            }
            // Only the line's own string and its `text` are kept as text.
            let kept = levels.isEmpty || (levels.count == 1 && levels[0].object && key == "text")
            found(.string(kept ? String(decoding: bytes, as: UTF8.self) : ""))
        }

        mutating func beginObject() {
            found(.object)
            levels.append((true, true))
        }

        mutating func setField() {
            levels[levels.count - 1].expectingKey = true
            if levels.count == 1 { key = nil }
        }

        mutating func endObject() { levels.removeLast() }

        mutating func beginArray() {
            found(.array)
            levels.append((false, false))
        }

        mutating func append(_ index: Int) {}
        mutating func endArray() { levels.removeLast() }
    }
}
