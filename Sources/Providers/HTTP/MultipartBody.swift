import Foundation

/// A `multipart/form-data` request body (RFC 7578): text fields and files, each part opened by
/// `--boundary` and CRLF-delimited headers, the whole closed by `--boundary--`.
public struct MultipartBody: Sendable {
    /// The delimiter between parts; random, so no file is likely to contain it (and checked).
    public private(set) var boundary: String
    private var parts: [Part] = []

    private struct Part: Sendable {
        var headers: [String]
        var content: [UInt8]
    }

    /// An empty body with a random boundary.
    public init() {
        boundary = Self.makeBoundary()
    }

    /// The `Content-Type` header value announcing this body's boundary.
    public var contentType: String { "multipart/form-data; boundary=\(boundary)" }

    /// Adds a text field `name` holding `value`.
    public mutating func addField(_ name: String, _ value: String) {
        parts.append(Part(headers: ["Content-Disposition: form-data; name=\"\(Self.quoted(name))\""], content: Array(value.utf8)))
    }

    /// Adds a file part `name` with its `filename` and media type.
    public mutating func addFile(_ name: String, filename: String, contentType: String = "text/csv", content: [UInt8]) {
        parts.append(
            Part(
                headers: [
                    "Content-Disposition: form-data; name=\"\(Self.quoted(name))\"; filename=\"\(Self.quoted(filename))\"",
                    "Content-Type: \(contentType)",
                ],
                content: content))
    }

    /// The encoded body. The boundary is replaced first if any part happens to contain it.
    public mutating func encoded() -> [UInt8] {
        while parts.contains(where: { Self.contains($0.content, Array("--\(boundary)".utf8)) }) {
            boundary = Self.makeBoundary()
        }
        let crlf: [UInt8] = [13, 10]
        var output: [UInt8] = []
        output.reserveCapacity(parts.reduce(0) { $0 + $1.content.count + 200 })
        for part in parts {
            output += Array("--\(boundary)".utf8) + crlf
            for header in part.headers { output += Array(header.utf8) + crlf }
            output += crlf
            output += part.content
            output += crlf
        }
        output += Array("--\(boundary)--".utf8) + crlf
        return output
    }

    /// Escapes what would end a quoted header parameter (quotes, and line breaks that would start a header).
    private static func quoted(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\r", with: " ").replacingOccurrences(of: "\n", with: " ")
    }

    private static func makeBoundary() -> String {
        let alphabet = Array("0123456789abcdefghijklmnopqrstuvwxyz")
        var generator = SystemRandomNumberGenerator()
        return "moonwire-" + String((0..<32).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] })
    }

    private static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard !needle.isEmpty, haystack.count >= needle.count else { return false }
        for start in 0...(haystack.count - needle.count) where haystack[start] == needle[0] {
            if haystack[start..<(start + needle.count)].elementsEqual(needle) { return true }
        }
        return false
    }
}
