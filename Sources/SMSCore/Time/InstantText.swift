import Foundation

/// Instants written for people, read into `Date`: what `schedule.at` and `flow:sleep_until` take.
///
/// Accepted: ISO 8601 with an offset or Z ("2026-11-24T09:00:00+01:00", "2026-11-24T08:00Z",
/// an optional fraction of a second); a local wall time "2026-11-24 09:00" or
/// "2026-11-24T09:00[:ss]" read in a given zone (default Europe/Paris); and, from Lua, a Unix time
/// in seconds. A local time that a DST change skips is the first instant after the gap
/// (2026-03-29 02:30 in Paris is 03:00+02:00); one it repeats is its first occurrence
/// (2026-10-25 02:30 in Paris is 02:30+02:00).
public enum InstantText {
    /// The zone of local times when none is given.
    public static let defaultZone = TimeZone(identifier: "Europe/Paris")!

    /// The latest instant accepted, 9999-12-31T23:59:59Z: four-digit years only.
    public static let latest = Date(timeIntervalSince1970: 253_402_300_799)

    /// Reads `text` as ISO 8601 with an offset, or as a local time in `zone`.
    public static func parse(_ text: String, in zone: TimeZone = defaultZone) throws(SMSCoreError) -> Date {
        var reader = Reader(bytes: Array(text.utf8))
        reader.skipSpaces()
        guard !reader.atEnd else { throw failure(text, "it is empty", zone) }
        guard let year = reader.digits(4), reader.take("-"), let month = reader.digits(2), reader.take("-"),
            let day = reader.digits(2)
        else { throw failure(text, "expected a date like 2026-11-24 at the start", zone) }
        reader.skipSpaces()
        if reader.atEnd {
            throw failure(text, "it has no time of day", zone)
        }
        // The date was followed by spaces (skipped above) or by T.
        _ = reader.take("T") || reader.take("t")
        guard let hour = reader.digits(2), reader.take(":"), let minute = reader.digits(2) else {
            throw failure(text, "expected a time like 09:00 after the date", zone)
        }
        var second: Int64 = 0
        var nanoseconds: Int64 = 0
        if reader.take(":") {
            guard let value = reader.digits(2) else { throw failure(text, "expected seconds after the last ':'", zone) }
            second = value
            if reader.take(".") || reader.take(",") {
                guard let fraction = reader.fraction() else {
                    throw failure(text, "expected digits after the decimal point", zone)
                }
                nanoseconds = fraction
            }
        }
        let offset = try readOffset(&reader, text, zone)
        reader.skipSpaces()
        guard reader.atEnd else { throw failure(text, "unexpected '\(reader.rest)' at the end", zone) }

        guard (1...12).contains(month) else { throw failure(text, "there is no month \(month)", zone) }
        let days = WallClock.daysInMonth(year: year, month: month)
        guard (1...days).contains(day) else {
            throw failure(text, "\(monthNames[Int(month) - 1]) \(year) has \(days) days", zone)
        }
        guard hour < 24, minute < 60, second < 60 else {
            throw failure(text, "\(two(hour)):\(two(minute)):\(two(second)) is not a time of day (00:00:00 to 23:59:59)", zone)
        }
        let wall = WallClock.wall(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
        let seconds = offset.map { wall - $0 } ?? WallClock.instant(of: wall, in: zone)
        return Date(timeIntervalSince1970: TimeInterval(seconds) + TimeInterval(nanoseconds) / 1e9)
    }

    /// A Unix time in seconds, as Lua passes it: finite, from 1970 to the end of 9999.
    public static func date(unixSeconds: Double) throws(SMSCoreError) -> Date {
        guard unixSeconds.isFinite, unixSeconds >= 0 else {
            throw SMSCoreError(
                code: .invalidTime,
                message: "\(unixSeconds) is not a Unix time: give seconds since 1970 (like os.time()) "
                    + "or a text like 2026-11-24T09:00:00+01:00")
        }
        guard unixSeconds <= latest.timeIntervalSince1970 else {
            let hint =
                unixSeconds / 1000 <= latest.timeIntervalSince1970
                ? "it looks like milliseconds: divide by 1000" : "give seconds since 1970, like os.time()"
            throw SMSCoreError(
                code: .invalidTime,
                message: "\(Int64(exactly: unixSeconds.rounded()).map(String.init) ?? "\(unixSeconds)") "
                    + "is past the year 9999 as a Unix time in seconds: \(hint)")
        }
        return Date(timeIntervalSince1970: unixSeconds)
    }

    /// ISO 8601 with the zone's offset at that instant, to the second: "2026-11-24T09:00:00+01:00"
    /// ("Z" where the offset is zero).
    public static func format(_ date: Date, in zone: TimeZone = defaultZone) -> String {
        let instant = WallClock.seconds(date)
        let offset = WallClock.offset(zone, at: instant)
        let f = WallClock.fields(instant + offset)
        let sign = offset < 0 ? "-" : "+"
        let zoneText = offset == 0 ? "Z" : "\(sign)\(two(abs(offset) / 3_600)):\(two(abs(offset) % 3_600 / 60))"
        let year = String(f.year)
        return String(repeating: "0", count: max(0, 4 - year.count)) + year
            + "-\(two(f.month))-\(two(f.day))T\(two(f.hour)):\(two(f.minute)):\(two(f.second))\(zoneText)"
    }

    private static let monthNames = [
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
        "November", "December",
    ]

    private static func two(_ value: Int64) -> String { value < 10 ? "0\(value)" : "\(value)" }

    /// Z, ±HH:MM, ±HHMM or ±HH, as seconds east of UTC; nil when the text has no offset (local time).
    private static func readOffset(_ reader: inout Reader, _ text: String, _ zone: TimeZone) throws(SMSCoreError)
        -> Int64?
    {
        if reader.take("Z") || reader.take("z") { return 0 }
        let sign: Int64
        if reader.take("+") {
            sign = 1
        } else if reader.take("-") {
            sign = -1
        } else {
            return nil
        }
        guard let hours = reader.digits(2, digitMayFollow: true) else {
            throw failure(text, "expected an offset like +01:00", zone)
        }
        var minutes: Int64 = 0
        if reader.take(":") {
            guard let value = reader.digits(2) else { throw failure(text, "expected an offset like +01:00", zone) }
            minutes = value
        } else if let value = reader.digits(2) {
            minutes = value
        }
        guard hours <= 18, minutes < 60 else {
            throw failure(text, "the offset is out of range (-18:00 to +18:00)", zone)
        }
        return sign * (hours * 3_600 + minutes * 60)
    }

    private static func failure(_ text: String, _ reason: String, _ zone: TimeZone) -> SMSCoreError {
        SMSCoreError(
            code: .invalidTime,
            message: "'\(text)' is not a time: \(reason); write it like 2026-11-24T09:00:00+01:00, "
                + "or 2026-11-24 09:00 for a local time in \(zone.identifier)")
    }

    /// A cursor over the text's UTF-8 bytes.
    private struct Reader {
        let bytes: [UInt8]
        var index = 0

        var atEnd: Bool { index == bytes.count }
        var rest: String { String(decoding: bytes[index...], as: UTF8.self) }

        mutating func skipSpaces() {
            while index < bytes.count, bytes[index] == 0x20 || bytes[index] == 0x09 { index += 1 }
        }

        /// Consumes `character` if it is next.
        mutating func take(_ character: Unicode.Scalar) -> Bool {
            guard index < bytes.count, bytes[index] == UInt8(ascii: character) else { return false }
            index += 1
            return true
        }

        /// Exactly `count` digits (not followed by another digit unless allowed, as in "+0100"),
        /// or nil with nothing consumed.
        mutating func digits(_ count: Int, digitMayFollow: Bool = false) -> Int64? {
            guard index + count <= bytes.count else { return nil }
            var value: Int64 = 0
            for byte in bytes[index..<index + count] {
                guard isDigit(byte) else { return nil }
                value = value * 10 + Int64(byte - 0x30)
            }
            if !digitMayFollow, index + count < bytes.count, isDigit(bytes[index + count]) { return nil }
            index += count
            return value
        }

        /// One or more digits after a decimal point, as nanoseconds (digits past the ninth are dropped).
        mutating func fraction() -> Int64? {
            var value: Int64 = 0
            var count = 0
            while index < bytes.count, isDigit(bytes[index]) {
                if count < 9 { value = value * 10 + Int64(bytes[index] - 0x30) }
                count += 1
                index += 1
            }
            guard count > 0 else { return nil }
            for _ in count..<max(count, 9) { value *= 10 }
            return value
        }

        private func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
    }
}
