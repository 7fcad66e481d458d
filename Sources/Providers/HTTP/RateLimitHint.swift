import Foundation

/// What a response says about when to come back: `Retry-After` (seconds or an HTTP date), or the
/// `X-RateLimit-*` headers (Conerix: "wait until the next full minute window").
struct RateLimitHint: Sendable, Hashable {
    /// How long the provider asks us to wait, if it says.
    var delay: Duration?
    /// `X-RateLimit-Remaining`, if sent.
    var remaining: Int?
    /// `X-RateLimit-Limit`, if sent.
    var limit: Int?

    /// Reads the hint from response headers (names compared case-insensitively).
    init(headers: [(name: String, value: String)], now: Date) {
        func header(_ name: String) -> String? {
            headers.first { $0.name.equalsHeaderName(name) }?.value
                .trimmingCharacters(in: .whitespaces)
        }
        remaining = header("X-RateLimit-Remaining").flatMap { Int($0) }
        limit = header("X-RateLimit-Limit").flatMap { Int($0) }
        if let retryAfter = header("Retry-After"), let wait = Self.parseRetryAfter(retryAfter, now: now) {
            delay = wait
        } else if let reset = header("X-RateLimit-Reset"), let wait = Self.parseReset(reset, now: now) {
            delay = wait
        } else if remaining == 0 {
            delay = Self.untilNextMinute(now)
        }
    }

    /// `Retry-After: 120` or `Retry-After: Wed, 21 Oct 2015 07:28:00 GMT` (RFC 9110 §10.2.3).
    static func parseRetryAfter(_ value: String, now: Date) -> Duration? {
        if let seconds = Double(value), seconds.isFinite, seconds >= 0 { return .milliseconds(Int64(seconds * 1000)) }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        guard let date = formatter.date(from: value) else { return nil }
        return .milliseconds(Int64(max(0, date.timeIntervalSince(now)) * 1000))
    }

    /// `X-RateLimit-Reset` is either seconds to wait or a Unix time, depending on the provider:
    /// a value past 2001 in Unix seconds can only be the latter.
    static func parseReset(_ value: String, now: Date) -> Duration? {
        guard let number = Double(value), number.isFinite, number >= 0 else { return nil }
        let seconds = number > 1_000_000_000 ? number - now.timeIntervalSince1970 : number
        return .milliseconds(Int64(max(0, seconds) * 1000))
    }

    /// The wait until the next full minute of the wall clock.
    static func untilNextMinute(_ now: Date) -> Duration {
        let seconds = now.timeIntervalSince1970
        let next = (seconds / 60).rounded(.down) * 60 + 60
        return .milliseconds(Int64((next - seconds) * 1000))
    }
}
