import Foundation

/// Wall-clock arithmetic in a time zone, on whole seconds, without `Calendar`: the fields of an
/// instant, the instant of some fields, and one fixed answer for wall times that a DST change
/// skips or repeats. Shared by `InstantText` and `CronExpression`.
///
/// A "wall" value counts seconds since 1970-01-01 00:00 on the zone's clock, as if that clock
/// were UTC; an instant is a Unix time. wall = instant + the zone's offset at that instant.
enum WallClock {
    /// Calendar fields of a wall value, proleptic Gregorian.
    struct Fields: Equatable {
        var year: Int64
        var month: Int64  // 1...12
        var day: Int64  // 1...31
        var hour: Int64
        var minute: Int64
        var second: Int64
        /// 0 = Sunday ... 6 = Saturday, as cron counts.
        var weekday: Int64
    }

    /// The wall value of a date and time (fields need not be in range: 25:00 is the next day's 01:00).
    static func wall(year: Int64, month: Int64, day: Int64, hour: Int64 = 0, minute: Int64 = 0, second: Int64 = 0)
        -> Int64
    {
        days(year: year, month: month, day: day) * 86_400 + hour * 3_600 + minute * 60 + second
    }

    /// The fields of a wall value.
    static func fields(_ wall: Int64) -> Fields {
        let days = floorDivide(wall, 86_400)
        let seconds = wall - days * 86_400
        let (year, month, day) = civil(days: days)
        return Fields(
            year: year, month: month, day: day, hour: seconds / 3_600, minute: seconds % 3_600 / 60,
            second: seconds % 60, weekday: weekday(days: days))
    }

    /// 0 = Sunday ... 6 = Saturday for a day number (1970-01-01, a Thursday, is 0).
    static func weekday(days: Int64) -> Int64 { floorModulo(days + 4, 7) }

    /// Days since 1970-01-01 of a Gregorian date (Howard Hinnant's days_from_civil).
    static func days(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = floorDivide(y, 400)
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The Gregorian date of a day number (Hinnant's civil_from_days).
    static func civil(days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let z = days + 719_468
        let era = floorDivide(z, 146_097)
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// Days in a month of a year.
    static func daysInMonth(year: Int64, month: Int64) -> Int64 {
        switch month {
        case 2: isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Gregorian leap year.
    static func isLeap(_ year: Int64) -> Bool { year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) }

    /// The zone's offset from UTC, in seconds, at an instant.
    static func offset(_ zone: TimeZone, at instant: Int64) -> Int64 {
        Int64(zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(instant))))
    }

    /// The wall value the zone's clock shows at an instant.
    static func wall(of instant: Int64, in zone: TimeZone) -> Int64 { instant + offset(zone, at: instant) }

    /// The instant a wall value stands for in the zone. A wall time the clock shows twice (fall
    /// back) is its first occurrence; one it skips (spring forward) is the first instant after the
    /// gap, when the clock jumps: 02:30 on 2026-03-29 in Europe/Paris is 03:00+02:00.
    static func instant(of wall: Int64, in zone: TimeZone) -> Int64 {
        // Offsets in force around this wall time; a change needs one before and one after it.
        var offsets: [Int64] = []
        for shift: Int64 in [-172_800, -86_400, 0, 86_400, 172_800] {
            let offset = offset(zone, at: wall + shift)
            if !offsets.contains(offset) { offsets.append(offset) }
        }
        let valid = offsets.map { wall - $0 }.filter { offset(zone, at: $0) == wall - $0 }
        if let first = valid.min() { return first }
        // A gap: the clock jumps over `wall` somewhere in [wall - largest, wall - smallest].
        var low = wall - offsets.max()!
        var high = wall - offsets.min()!
        let after = offset(zone, at: high)
        while high - low > 1 {
            let middle = low + (high - low) / 2
            if offset(zone, at: middle) == after { high = middle } else { low = middle }
        }
        return high
    }

    /// The next instant after `instant` at which the zone's offset may change, or nil if none.
    static func nextTransition(after instant: Int64, in zone: TimeZone) -> Int64? {
        guard let date = zone.nextDaylightSavingTimeTransition(after: Date(timeIntervalSince1970: TimeInterval(instant)))
        else { return nil }
        return Int64(date.timeIntervalSince1970.rounded(.up))
    }

    /// Whole seconds at or before a date (Unix time).
    static func seconds(_ date: Date) -> Int64 { Int64(date.timeIntervalSince1970.rounded(.down)) }

    /// A date at whole seconds.
    static func date(_ seconds: Int64) -> Date { Date(timeIntervalSince1970: TimeInterval(seconds)) }

    /// Division rounding toward minus infinity.
    static func floorDivide(_ a: Int64, _ b: Int64) -> Int64 {
        let quotient = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? quotient - 1 : quotient
    }

    /// The remainder of `floorDivide`, always in 0..<b for b > 0.
    static func floorModulo(_ a: Int64, _ b: Int64) -> Int64 { a - floorDivide(a, b) * b }
}
