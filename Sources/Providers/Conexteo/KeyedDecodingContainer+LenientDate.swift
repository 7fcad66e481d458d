import Foundation

extension KeyedDecodingContainer {
    /// A date sent as ISO 8601 text (with or without fractional seconds) or as Unix time, in
    /// seconds or in milliseconds (a value too large to be seconds, i.e. after the year 5138);
    /// nil when absent or unreadable, since Conexteo's date formats are not public [I].
    func lenientDate(_ key: Key) -> Date? {
        func unix(_ value: Double) -> Date { Date(timeIntervalSince1970: value > 1e11 ? value / 1000 : value) }
        if let text = try? decodeIfPresent(String.self, forKey: key) {
            if let date = try? Date(text, strategy: .iso8601) { return date }
            if let date = try? Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true)) { return date }
            return Double(text).map(unix)
        }
        return lenientDouble(key).map(unix)
    }

    /// A required integer id sent as a number or a numeric string.
    func requiredID(_ key: Key) throws -> Int {
        guard let id = lenientInt(key) else {
            throw DecodingError.keyNotFound(key, .init(codingPath: codingPath, debugDescription: "\(key.stringValue) is required"))
        }
        return id
    }
}
