import Foundation

/// Conexteo's date formats: ISO 8601 (with or without fractions of a second) and Unix time.
enum ConexteoMessageDates {
    /// Parses ISO 8601 text such as `2026-09-21T10:00:00Z` or `2026-09-21T10:00:00.123+02:00`.
    static func parse(_ text: String) -> Date? {
        let plain = ISO8601DateFormatter()
        plain.formatOptions = [.withInternetDateTime]
        if let date = plain.date(from: text) { return date }
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return fractional.date(from: text)
    }

    /// Unix seconds, or milliseconds when the value is too large to be seconds (after 5138).
    static func fromUnix(_ value: Double) -> Date {
        Date(timeIntervalSince1970: value > 1e11 ? value / 1000 : value)
    }
}
