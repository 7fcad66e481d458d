/// JSON for Lua values held in Swift: how the engine stores them (the flow journal, a run's
/// vars and contact, `state`) and reads an HTTP answer's body. The same grammar and writer as
/// Lua's `json` module (``JSONParser``, ``LuaJSON``), with the rules of stored values: `null`
/// is nil (an object's null member is left out, an array's is a hole), and writing never fails.
extension LuaValue {
    /// The value JSON `text` holds: objects and arrays are tables, `null` nil, numbers without a
    /// fraction or exponent integers.
    /// - Throws: ``LuaFailure`` as `json.decode` reports it (`invalid_json`, `invalid_utf8`,
    ///   `number_out_of_range`, `too_deep`), with the byte offset.
    public init(json text: String) throws(LuaFailure) {
        var bytes = text
        let parsed = bytes.withUTF8 { buffer -> Result<LuaValue, LuaFailure> in
            var parser = JSONParser(text: UnsafeRawBufferPointer(buffer), sink: LuaValueJSONBuilder())
            do throws(LuaJSONFailure) {
                try parser.parse()
            } catch {
                switch error {
                case .error(let error): return .failure(error.failure)
                case .killed: return .failure(LuaFailure(code: "stopped", message: "stopped"))
                }
            }
            return .success(parser.sink.values.last ?? .nil)
        }
        self = try parsed.get()
    }

    /// The value as compact JSON. A table with only a sequence part is an array, any other an
    /// object (keys in byte order; the sequence's indices and integer keys become strings,
    /// other keys are left out); what JSON cannot carry is written as near as it can be: a
    /// function, userdata or thread is `null`, NaN and the infinities `null`, bytes that are
    /// not UTF-8 U+FFFD.
    public var json: String {
        var output: [UInt8] = []
        LuaValue.writeJSON(self, to: &output)
        return String(decoding: output, as: UTF8.self)
    }

    private static func writeJSON(_ value: LuaValue, to output: inout [UInt8]) {
        switch value {
        case .nil, .function, .userdata, .thread, .lightUserdata:
            output.append(contentsOf: LuaJSON.nullText)
        case .boolean(let b):
            output.append(contentsOf: b ? LuaJSON.trueText : LuaJSON.falseText)
        case .integer(let i):
            LuaJSON.appendInteger(i, to: &output)
        case .number(let d):
            if (try? LuaJSON.appendFloat(d, to: &output)) == nil { output.append(contentsOf: LuaJSON.nullText) }
        case .string(let s):
            writeString(s.bytes, to: &output)
        case .table(let t):
            if t.fields.isEmpty && !t.array.isEmpty {
                output.append(UInt8(ascii: "["))
                for (i, element) in t.array.enumerated() {
                    if i > 0 { output.append(UInt8(ascii: ",")) }
                    writeJSON(element, to: &output)
                }
                output.append(UInt8(ascii: "]"))
                return
            }
            var entries: [(key: [UInt8], value: LuaValue)] = t.array.enumerated().map { (Array(String($0.offset + 1).utf8), $0.element) }
            for (key, element) in t.fields {
                switch key {
                case .string(let s): entries.append((s.bytes, element))
                case .integer(let i): entries.append((Array(String(i).utf8), element))
                default: continue
                }
            }
            entries.sort { $0.key.lexicographicallyPrecedes($1.key) }
            output.append(UInt8(ascii: "{"))
            for (i, entry) in entries.enumerated() {
                if i > 0 { output.append(UInt8(ascii: ",")) }
                writeString(entry.key, to: &output)
                output.append(UInt8(ascii: ":"))
                writeJSON(entry.value, to: &output)
            }
            output.append(UInt8(ascii: "}"))
        }
    }

    /// A string; bytes that are not UTF-8 become U+FFFD, as `String(decoding:)` reads them.
    private static func writeString(_ bytes: [UInt8], to output: inout [UInt8]) {
        let mark = output.count
        let written = bytes.withUnsafeBytes { buffer in (try? LuaJSON.appendString(buffer, to: &output)) != nil }
        guard !written else { return }
        output.removeSubrange(mark...)
        let repaired = Array(String(decoding: bytes, as: UTF8.self).utf8)
        repaired.withUnsafeBytes { buffer in _ = try? LuaJSON.appendString(buffer, to: &output) }
    }
}

/// Builds the ``LuaValue`` a ``JSONParser`` reads (see ``LuaValue/init(json:)``).
struct LuaValueJSONBuilder: JSONParserSink {
    /// Values read and not yet placed; the whole document's value ends up alone here.
    private(set) var values: [LuaValue] = []
    private var objects: [LuaTable] = []
    private var arrays: [[LuaValue]] = []

    mutating func reserve() -> Bool { true }
    mutating func check() throws(LuaJSONFailure) {}
    mutating func null() { values.append(.nil) }
    mutating func boolean(_ value: Bool) { values.append(.boolean(value)) }
    mutating func integer(_ value: Int64) { values.append(.integer(value)) }
    mutating func number(_ value: Double) { values.append(.number(value)) }
    mutating func string(_ bytes: UnsafeRawBufferPointer) { values.append(.string(LuaString(bytes: Array(bytes)))) }
    mutating func beginObject() { objects.append(LuaTable()) }

    mutating func setField() {
        let value = values.removeLast()
        let key = values.removeLast()
        if case .nil = value { return }
        objects[objects.count - 1].fields[key] = value
    }

    mutating func endObject() { values.append(.table(objects.removeLast())) }
    mutating func beginArray() { arrays.append([]) }
    mutating func append(_ index: Int) { arrays[arrays.count - 1].append(values.removeLast()) }
    mutating func endArray() { values.append(.table(LuaTable(array: arrays.removeLast()))) }
}
