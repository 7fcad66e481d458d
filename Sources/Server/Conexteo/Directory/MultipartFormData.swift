import Foundation

/// A `multipart/form-data` body (RFC 7578) read into its parts. Tolerant of bare LF line ends
/// and of a preamble; a body that does not follow the format is refused with a message saying
/// what is wrong, never a crash.
struct MultipartFormData: Sendable {
    /// One part: a field or a file.
    struct Part: Sendable {
        /// The `name` of its `Content-Disposition`.
        var name: String
        /// The `filename`, for a file.
        var filename: String?
        /// Its `Content-Type`, when given.
        var contentType: String?
        var content: [UInt8]
    }

    /// Why a body could not be read.
    struct Invalid: Error, Sendable {
        var message: String
    }

    var parts: [Part]

    /// The first part named `name`.
    func part(named name: String) -> Part? { parts.first { $0.name == name } }

    /// The text of the field `name`, trimmed.
    func text(named name: String) -> String? {
        part(named: name).map { String(decoding: $0.content, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines) }
    }

    /// The boundary announced by a `Content-Type` header, or nil when it is not `multipart/form-data`
    /// with a boundary.
    static func boundary(contentType: String?) -> String? {
        guard let contentType else { return nil }
        let pieces = contentType.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
        guard pieces.first?.lowercased() == "multipart/form-data" else { return nil }
        for piece in pieces.dropFirst() {
            guard let equals = piece.firstIndex(of: "="), piece[..<equals].lowercased() == "boundary" else { continue }
            var value = String(piece[piece.index(after: equals)...])
            if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") { value = String(value.dropFirst().dropLast()) }
            // RFC 2046: 1 to 70 characters.
            return (1...70).contains(value.utf8.count) ? value : nil
        }
        return nil
    }

    /// Reads `body`, whose parts are separated by `--boundary`.
    init(body: [UInt8], boundary: String) throws(Invalid) {
        let delimiter = Array("--\(boundary)".utf8)
        guard var position = Self.find(delimiter, in: body, from: 0) else {
            throw Invalid(message: "the body holds no part: its boundary \(boundary) never appears")
        }
        var parts: [Part] = []
        while true {
            position += delimiter.count
            // "--" after a delimiter closes the body.
            if body.count >= position + 2, body[position] == 45, body[position + 1] == 45 { break }
            position = Self.skipLineEnd(body, position)
            guard let headerEnd = Self.findBlankLine(body, from: position) else {
                throw Invalid(message: "a part's headers are not followed by a blank line")
            }
            let headers = String(decoding: body[position..<headerEnd.start], as: UTF8.self)
            let contentStart = headerEnd.end
            // The content ends at the line break before the next delimiter.
            guard let next = Self.find(delimiter, in: body, from: contentStart) else {
                throw Invalid(message: "the body ends before its closing boundary --\(boundary)--")
            }
            var contentEnd = next
            if contentEnd > contentStart, body[contentEnd - 1] == 10 { contentEnd -= 1 }
            if contentEnd > contentStart, body[contentEnd - 1] == 13 { contentEnd -= 1 }
            parts.append(try Self.part(headers: headers, content: Array(body[contentStart..<contentEnd])))
            position = next
        }
        self.parts = parts
    }

    private static func part(headers: String, content: [UInt8]) throws(Invalid) -> Part {
        var name: String?
        var filename: String?
        var contentType: String?
        for line in headers.split(whereSeparator: { $0 == "\r\n" || $0 == "\n" || $0 == "\r" }) {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let field = line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            switch field {
            case "content-disposition":
                let parameters = Self.parameters(value)
                name = parameters["name"]
                filename = parameters["filename"]
            case "content-type":
                contentType = value
            default:
                continue
            }
        }
        guard let name else { throw Invalid(message: "a part has no Content-Disposition name") }
        return Part(name: name, filename: filename, contentType: contentType, content: content)
    }

    /// `form-data; name="file"; filename="a.csv"` → `[name: file, filename: a.csv]`, quoted strings
    /// unescaped.
    static func parameters(_ value: String) -> [String: String] {
        var result: [String: String] = [:]
        var rest = Substring(value)
        // Skip the disposition type.
        guard let firstSemicolon = rest.firstIndex(of: ";") else { return result }
        rest = rest[rest.index(after: firstSemicolon)...]
        while !rest.isEmpty {
            rest = rest.drop { $0 == " " || $0 == ";" || $0 == "\t" }
            guard let equals = rest.firstIndex(of: "=") else { break }
            let key = rest[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
            rest = rest[rest.index(after: equals)...]
            var parsed = ""
            if rest.first == "\"" {
                rest = rest.dropFirst()
                var escaped = false
                while let character = rest.first {
                    rest = rest.dropFirst()
                    if escaped {
                        parsed.append(character)
                        escaped = false
                    } else if character == "\\" {
                        escaped = true
                    } else if character == "\"" {
                        break
                    } else {
                        parsed.append(character)
                    }
                }
            } else {
                let end = rest.firstIndex(of: ";") ?? rest.endIndex
                parsed = rest[..<end].trimmingCharacters(in: .whitespaces)
                rest = rest[end...]
            }
            if !key.isEmpty { result[key] = parsed }
        }
        return result
    }

    private static func skipLineEnd(_ body: [UInt8], _ position: Int) -> Int {
        var index = position
        // Transport padding (RFC 2046 allows whitespace after a delimiter).
        while index < body.count, body[index] == 32 || body[index] == 9 { index += 1 }
        if index < body.count, body[index] == 13 { index += 1 }
        if index < body.count, body[index] == 10 { index += 1 }
        return index
    }

    /// The first empty line at or after `from`: where it starts and where the content after it starts.
    private static func findBlankLine(_ body: [UInt8], from: Int) -> (start: Int, end: Int)? {
        // Headers may be absent entirely: the part starts with its blank line.
        if from + 1 < body.count, body[from] == 13, body[from + 1] == 10 { return (from, from + 2) }
        if from < body.count, body[from] == 10 { return (from, from + 1) }
        var index = from
        while index < body.count {
            if body[index] == 10 {
                if index + 1 < body.count, body[index + 1] == 10 { return (index, index + 2) }
                if index + 2 < body.count, body[index + 1] == 13, body[index + 2] == 10 { return (index, index + 3) }
            }
            index += 1
        }
        return nil
    }

    /// The index of the first `needle` in `haystack` at or after `from`.
    static func find(_ needle: [UInt8], in haystack: [UInt8], from: Int) -> Int? {
        guard !needle.isEmpty, haystack.count >= needle.count, from <= haystack.count - needle.count else { return nil }
        let first = needle[0]
        var index = from
        let last = haystack.count - needle.count
        while index <= last {
            if haystack[index] == first, haystack[index..<(index + needle.count)].elementsEqual(needle) { return index }
            index += 1
        }
        return nil
    }
}
