import Foundation

/// Durations written for people ("90s", "3d", "1h30m") read into `Duration`, and written back
/// compactly: what `flow:sleep`, `clock.advance` and timeouts take.
///
/// Units are `ms`, `s`, `m`, `h`, `d` (86,400 s of elapsed time, not "same wall time tomorrow")
/// and `w`, largest first, each at most once; a number may have a fraction ("1.5h"); a bare
/// number is seconds.
public enum DurationText {
    /// The longest duration accepted, 36,500 days (100 years): longer is a typo, and would put
    /// instants past what dates are stored and shown as.
    public static let maximum: Duration = .seconds(36_500 * 86_400)

    /// Reads `text`, e.g. "90s", "3d", "1h30m", "500ms", "1d12h", or "90" (seconds). Spaces
    /// around and between parts are allowed.
    public static func parse(_ text: String) throws(SMSCoreError) -> Duration {
        var scanner = Scanner(bytes: Array(text.utf8))
        scanner.skipSpaces()
        guard !scanner.atEnd else { throw failure(text, "it is empty") }
        if scanner.peek == UInt8(ascii: "-") { throw failure(text, "it is negative") }

        var nanoseconds: Int64 = 0
        var previousRank = Int.max
        var parts = 0
        while !scanner.atEnd {
            guard let number = scanner.number() else {
                throw failure(text, "expected a number at '\(scanner.rest)'")
            }
            scanner.skipSpaces()
            let unitText = scanner.letters()
            parts += 1
            let unit: Unit
            if unitText.isEmpty {
                // Only a lone number means seconds: "1h30" is more likely a forgotten "m".
                guard parts == 1, scanner.atEnd else {
                    throw failure(text, "'\(number.text)' has no unit")
                }
                unit = .second
            } else {
                guard let known = Unit(rawValue: unitText) else {
                    throw failure(text, "unknown unit '\(unitText)' (units are ms, s, m, h, d and w)")
                }
                unit = known
            }
            guard unit.rank < previousRank else {
                throw failure(text, "write the largest unit first and each unit once")
            }
            previousRank = unit.rank
            guard let part = number.nanoseconds(per: unit.nanoseconds),
                case let (sum, overflow) = nanoseconds.addingReportingOverflow(part), !overflow
            else { throw tooLong("'\(text)'") }
            nanoseconds = sum
            scanner.skipSpaces()
        }
        let duration = Duration.nanoseconds(nanoseconds)
        guard duration <= maximum else { throw tooLong("'\(text)'") }
        return duration
    }

    /// A number of seconds, as Lua passes it: finite, not negative, at most `maximum`.
    public static func duration(seconds: Double) throws(SMSCoreError) -> Duration {
        let shown = show(seconds)
        guard seconds.isFinite else {
            throw SMSCoreError(
                code: .invalidDuration,
                message: "\(shown) is not a duration: give a number of seconds, or a text like 90s, 3d or 1h30m")
        }
        guard seconds >= 0 else {
            throw SMSCoreError(
                code: .invalidDuration,
                message: "\(shown) seconds is negative: a duration is 0 or more, like 90s, 3d or 1h30m")
        }
        guard seconds <= Double(maximum.components.seconds) else { throw tooLong("\(shown) seconds") }
        return .nanoseconds(Int64((seconds * 1e9).rounded()))
    }

    /// Writes `duration` compactly with d, h, m, s and ms, to the millisecond: "3d2h", "1m30s",
    /// "0s". Weeks are shown as days ("14d"), which reads better in a list of timers.
    public static func format(_ duration: Duration) -> String {
        if duration < .zero { return "-" + format(.zero - duration) }
        var (seconds, attoseconds) = duration.components
        var milliseconds = (attoseconds + 500_000_000_000_000) / 1_000_000_000_000_000
        if milliseconds == 1000 {
            seconds += 1
            milliseconds = 0
        }
        let parts: [(Int64, String)] = [
            (seconds / 86_400, "d"), (seconds % 86_400 / 3600, "h"), (seconds % 3600 / 60, "m"),
            (seconds % 60, "s"), (milliseconds, "ms"),
        ]
        let text = parts.filter { $0.0 != 0 }.map { "\($0.0)\($0.1)" }.joined()
        return text.isEmpty ? "0s" : text
    }

    /// A unit and its length.
    private enum Unit: String {
        case week = "w", day = "d", hour = "h", minute = "m", second = "s", millisecond = "ms"

        var nanoseconds: Int64 {
            switch self {
            case .week: 604_800_000_000_000
            case .day: 86_400_000_000_000
            case .hour: 3_600_000_000_000
            case .minute: 60_000_000_000
            case .second: 1_000_000_000
            case .millisecond: 1_000_000
            }
        }

        /// Larger units rank higher: parts must come in decreasing rank.
        var rank: Int {
            switch self {
            case .week: 6
            case .day: 5
            case .hour: 4
            case .minute: 3
            case .second: 2
            case .millisecond: 1
            }
        }
    }

    /// Digits with an optional fraction, as written.
    private struct Number {
        var whole: Int64
        var fraction: Double
        var text: String

        /// `whole.fraction` times `unit`, or nil past Int64.
        func nanoseconds(per unit: Int64) -> Int64? {
            let (product, overflow) = whole.multipliedReportingOverflow(by: unit)
            guard !overflow else { return nil }
            let (sum, overflow2) = product.addingReportingOverflow(Int64((fraction * Double(unit)).rounded()))
            return overflow2 ? nil : sum
        }
    }

    /// A cursor over the text's UTF-8 bytes.
    private struct Scanner {
        let bytes: [UInt8]
        var index = 0

        var atEnd: Bool { index == bytes.count }
        var peek: UInt8? { atEnd ? nil : bytes[index] }
        var rest: String { String(decoding: bytes[index...], as: UTF8.self) }

        mutating func skipSpaces() {
            while let byte = peek, byte == 0x20 || byte == 0x09 { index += 1 }
        }

        /// Digits, optionally followed by `.` and digits; nil (and nothing consumed) without a digit.
        mutating func number() -> Number? {
            let start = index
            var whole: Int64 = 0
            var overflow = false
            var digits = 0
            while let byte = peek, isDigit(byte) {
                let (times10, o1) = whole.multipliedReportingOverflow(by: 10)
                let (sum, o2) = times10.addingReportingOverflow(Int64(byte - 0x30))
                overflow = overflow || o1 || o2
                whole = sum
                digits += 1
                index += 1
            }
            var fraction = 0.0
            if peek == UInt8(ascii: "."), index + 1 < bytes.count, isDigit(bytes[index + 1]) {
                index += 1
                var scale = 0.1
                while let byte = peek, isDigit(byte) {
                    fraction += Double(byte - 0x30) * scale
                    scale /= 10
                    digits += 1
                    index += 1
                }
            }
            guard digits > 0 else {
                index = start
                return nil
            }
            // An overflowing whole part is kept as Int64.max so the caller reports "too long".
            return Number(
                whole: overflow ? .max : whole, fraction: fraction,
                text: String(decoding: bytes[start..<index], as: UTF8.self))
        }

        /// A run of letters (any non-digit, non-space, non-dot byte, so "µs" is one unknown unit).
        mutating func letters() -> String {
            let start = index
            while let byte = peek, !isDigit(byte), byte != 0x20, byte != 0x09, byte != UInt8(ascii: ".") {
                index += 1
            }
            return String(decoding: bytes[start..<index], as: UTF8.self)
        }

        private func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
    }

    private static func failure(_ text: String, _ reason: String) -> SMSCoreError {
        SMSCoreError(
            code: .invalidDuration,
            message: "'\(text)' is not a duration: \(reason); write it like 90s, 3d or 1h30m")
    }

    /// `shown` is the value as the message names it, quoted or not.
    private static func tooLong(_ shown: String) -> SMSCoreError {
        SMSCoreError(
            code: .invalidDuration,
            message: "\(shown) is too long: the longest duration is 36500d (100 years)")
    }

    /// A Lua number as a person wrote it: 90 rather than 90.0.
    private static func show(_ value: Double) -> String {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value < 0 ? "-inf" : "inf" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return String(value)
    }
}
