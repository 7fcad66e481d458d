/// Why a value could not be written as JSON, or a text read as it: returned to Lua as
/// `nil, err` (an expected failure), with the byte offset or the path of the offending value.
public struct LuaJSONError: Error {
    /// The error's stable code (`err.code` in Lua).
    public enum Code: String, Sendable {
        /// The text is not JSON (RFC 8259).
        case invalidJSON = "invalid_json"
        /// A string holds bytes that are not UTF-8.
        case invalidUTF8 = "invalid_utf8"
        /// A number JSON can write but Lua cannot hold exactly: an integer beyond 64 bits, a
        /// float beyond ±1.8e308.
        case numberOutOfRange = "number_out_of_range"
        /// NaN or an infinity, which JSON cannot write.
        case notFinite = "not_finite"
        /// Nesting deeper than ``LuaJSON/maximumDepth``.
        case tooDeep = "too_deep"
        /// A table that contains itself.
        case cycle = "cycle"
        /// A function, a coroutine or a userdata other than `json.null`.
        case unsupportedType = "unsupported_type"
        /// A table with a key JSON cannot write: an object's keys are strings, an array's are 1..n.
        case badKey = "bad_key"
        /// The text would not fit under the script's memory limit.
        case tooLarge = "too_large"
    }

    public var code: Code
    public var message: String
    /// 1-based byte position in the decoded text (Lua's string positions).
    public var offset: Int?
    /// Where in the encoded value, innermost last (`["items", 3, "name"]`).
    public var path: [PathComponent] = []

    /// One step into a table.
    public enum PathComponent: Sendable {
        case key(String)
        case index(Int)
    }

    /// `path` as Lua would index it: `value.items[3].name`.
    var pathText: String {
        var text = "value"
        for component in path {
            switch component {
            case .index(let i): text += "[\(i)]"
            case .key(let k):
                if let first = k.unicodeScalars.first, first == "_" || first.properties.isAlphabetic,
                    k.unicodeScalars.allSatisfy({ $0 == "_" || ($0.isASCII && $0.properties.isAlphabetic) || ("0"..."9").contains($0) })
                {
                    text += ".\(k)"
                } else {
                    text += "[\"\(k.count > 40 ? String(k.prefix(40)) + "..." : k)\"]"
                }
            }
        }
        return text
    }

    /// The failure Lua gets: `err.code`, `err.message`, and `err.offset` or `err.path`.
    var failure: LuaFailure {
        var extra: [String: LuaValue] = [:]
        var text = message
        if let offset {
            extra["offset"] = .integer(Int64(offset))
            text += " (at byte \(offset))"
        } else if !path.isEmpty {
            extra["path"] = .text(pathText)
            text += " (at \(pathText))"
        }
        return LuaFailure(code: code.rawValue, message: text, extra: extra)
    }
}
