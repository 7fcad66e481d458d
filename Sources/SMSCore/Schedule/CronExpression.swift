import Foundation

/// A standard five-field cron expression (minute hour day-of-month month day-of-week), read on
/// the wall clock of a time zone: what `schedule.every` takes.
///
/// Fields take `*`, numbers, lists (`1,15`), ranges (`1-5`), steps (`*/15`, `1-5/2`, `5/15` =
/// `5-59/15`), month names JAN-DEC and day names SUN-SAT (any case); 0 and 7 are both Sunday,
/// and SUN ending a range is 7 (`FRI-SUN`).
/// When day-of-month and day-of-week are both restricted (neither covers its whole range), a day
/// matches if either does: `0 9 1 * MON` runs on the 1st and on every Monday. Macros: @yearly
/// (@annually), @monthly, @weekly, @daily (@midnight), @hourly.
///
/// DST rules of `next(after:in:)`:
/// - A *fixed-time* job (hour field without `*` or a step, like `30 2 * * *` or `0 9,18 * * 1-5`)
///   runs once per matching wall time: a wall time the clock skips (02:30 in Europe/Paris on
///   2026-03-29) runs once at the first instant after the gap (03:00+02:00); a wall time the clock
///   shows twice (02:30 on 2026-10-25) runs once, at its first occurrence (02:30+02:00).
/// - A *wildcard* job (hour field with `*` or a step, like `*/15 * * * *`, `0 * * * *`,
///   `0 */2 * * *`) runs at each real instant whose wall time matches: in a repeated hour it runs in
///   both occurrences; wall times the clock skips do not exist and are not run.
/// - No instant is returned twice: `next` is strictly after its argument.
public struct CronExpression: Sendable, Hashable, CustomStringConvertible {
    /// The text as given (trimmed).
    public let source: String
    let minutes: CronField
    let hours: CronField
    let daysOfMonth: CronField
    let months: CronField
    let daysOfWeek: CronField
    /// Whether each day field is restricted, for the either-matches rule.
    let restrictsDayOfMonth: Bool
    let restrictsDayOfWeek: Bool
    /// True when the hour field has neither `*` nor a step: the job runs once per wall time
    /// across DST changes (see the type's comment).
    public let isFixedTime: Bool

    /// True when `text` is a valid expression.
    public static func isValid(_ text: String) -> Bool { (try? CronExpression(text)) != nil }

    /// The source text.
    public var description: String { source }

    /// False when no date can ever match, like `0 0 31 2 *` or `0 0 30 FEB *`: `next` is then nil.
    public var canMatch: Bool {
        // A restricted day-of-week matches in every month, alone or OR-ed with the day of month.
        if restrictsDayOfWeek { return true }
        return months.values.contains { month in
            daysOfMonth.next(from: 1).map { $0 <= WallClock.daysInMonth(year: 2000, month: Int64(month)) } ?? false
        }
    }

    /// True when the wall-clock minute containing `date` in `zone` matches, whatever the DST rules.
    public func matches(_ date: Date, in zone: TimeZone) -> Bool {
        let fields = WallClock.fields(WallClock.wall(of: WallClock.seconds(date), in: zone))
        return minutes.contains(fields.minute) && hours.contains(fields.hour) && months.contains(fields.month)
            && matchesDay(day: fields.day, weekday: fields.weekday)
    }

    /// The first instant strictly after `date` at which the job runs in `zone`, following the DST
    /// rules in the type's comment; nil if it can never match, or does not within 30 years (no
    /// expression that can match is that rare: February 29 recurs within 8) or before 10000.
    public func next(after date: Date, in zone: TimeZone) -> Date? {
        guard canMatch, date < InstantText.latest else { return nil }
        let after = WallClock.seconds(max(date, Date(timeIntervalSince1970: 0)))
        let instant = isFixedTime ? nextFixedTime(after: after, in: zone) : nextWildcard(after: after, in: zone)
        return instant.map(WallClock.date)
    }

    /// Fixed-time jobs: walk matching wall times; each stands for its first instant (or the end of
    /// the gap), and that mapping never decreases, so the first one past `after` is the answer.
    private func nextFixedTime(after: Int64, in zone: TimeZone) -> Int64? {
        var wall = WallClock.wall(of: after, in: zone)
        // Walls up to wall(after) map to instants <= after. Those just above it may too, in the
        // second pass of a repeated hour: at most one hour of matches, skipped one by one.
        for _ in 0..<10_000 {
            guard let candidate = nextWall(from: nextMinute(after: wall)) else { return nil }
            let instant = WallClock.instant(of: candidate, in: zone)
            if instant > after { return instant }
            wall = candidate
        }
        return nil
    }

    /// Wildcard jobs: between two offset changes wall time runs with real time, so the first
    /// matching wall time past `after`, converted with the current offset, is the answer unless
    /// it falls past the next change; then start again from that change.
    private func nextWildcard(after: Int64, in zone: TimeZone) -> Int64? {
        var start = after
        var includesStart = false
        for _ in 0..<1_000 {
            let offset = WallClock.offset(zone, at: start)
            let wall = start + offset
            guard let candidate = nextWall(from: includesStart ? ceilingMinute(wall) : nextMinute(after: wall)) else {
                return nil
            }
            let instant = candidate - offset
            var change = WallClock.nextTransition(after: start, in: zone)
            if change == nil || instant < change!, WallClock.offset(zone, at: instant) != offset {
                // The zone reported no change but the offset moved: find where, to the second.
                change = firstChange(from: start, to: instant, in: zone)
            }
            guard let change, instant >= change else { return instant }
            start = change
            includesStart = true
        }
        return nil
    }

    /// The first instant in (low, high] whose offset differs from the offset at `low`.
    private func firstChange(from low: Int64, to high: Int64, in zone: TimeZone) -> Int64 {
        let before = WallClock.offset(zone, at: low)
        var low = low
        var high = high
        while high - low > 1 {
            let middle = low + (high - low) / 2
            if WallClock.offset(zone, at: middle) == before { low = middle } else { high = middle }
        }
        return high
    }

    /// The first minute boundary strictly after a wall value.
    private func nextMinute(after wall: Int64) -> Int64 { WallClock.floorDivide(wall, 60) * 60 + 60 }

    /// The first minute boundary at or after a wall value.
    private func ceilingMinute(_ wall: Int64) -> Int64 { WallClock.floorDivide(wall + 59, 60) * 60 }

    /// The first matching wall minute at or after `start` (a minute boundary), skipping whole
    /// months, days and hours that cannot match; nil past 30 years or the year 9999.
    func nextWall(from start: Int64) -> Int64? {
        let first = WallClock.fields(start)
        var year = first.year
        var month = first.month
        var day = first.day
        var hour = first.hour
        var minute = first.minute
        let lastYear = min(first.year + 30, 9_999)
        while year <= lastYear {
            guard let allowedMonth = months.next(from: month) else {
                (year, month, day, hour, minute) = (year + 1, 1, 1, 0, 0)
                continue
            }
            if allowedMonth != month { (month, day, hour, minute) = (allowedMonth, 1, 0, 0) }
            guard let allowedDay = nextDay(year: year, month: month, from: day) else {
                (month, day, hour, minute) = (month + 1, 1, 0, 0)
                continue
            }
            if allowedDay != day { (day, hour, minute) = (allowedDay, 0, 0) }
            guard let allowedHour = hours.next(from: hour), allowedHour < 24 else {
                (day, hour, minute) = (day + 1, 0, 0)
                continue
            }
            if allowedHour != hour { (hour, minute) = (allowedHour, 0) }
            guard let allowedMinute = minutes.next(from: minute), allowedMinute < 60 else {
                (hour, minute) = (hour + 1, 0)
                continue
            }
            return WallClock.wall(year: year, month: month, day: day, hour: hour, minute: allowedMinute)
        }
        return nil
    }

    /// The first day at or after `day` in the month that matches, or nil.
    private func nextDay(year: Int64, month: Int64, from day: Int64) -> Int64? {
        let last = WallClock.daysInMonth(year: year, month: month)
        guard day <= last else { return nil }
        var weekday = WallClock.weekday(days: WallClock.days(year: year, month: month, day: day))
        for candidate in day...last {
            if matchesDay(day: candidate, weekday: weekday) { return candidate }
            weekday = (weekday + 1) % 7
        }
        return nil
    }

    /// The day rule: both fields when one is `*`-like, either when both are restricted.
    private func matchesDay(day: Int64, weekday: Int64) -> Bool {
        let dayOfMonth = daysOfMonth.contains(day)
        let dayOfWeek = daysOfWeek.contains(weekday)
        return restrictsDayOfMonth && restrictsDayOfWeek ? dayOfMonth || dayOfWeek : dayOfMonth && dayOfWeek
    }
}
