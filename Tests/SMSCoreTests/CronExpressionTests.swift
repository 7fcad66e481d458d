import Foundation
import SMSCore
import Testing

@Suite("Cron expressions")
struct CronExpressionTests {
    static let utcZone = TimeZone(identifier: "UTC")!
    static let paris = TimeZone(identifier: "Europe/Paris")!
    static let newYork = TimeZone(identifier: "America/New_York")!

    /// An instant from ISO 8601 with an offset, through Foundation (not the code under test).
    func at(_ text: String) -> Date { try! Date(text, strategy: .iso8601) }

    /// The first `count` runs after `start`, as ISO 8601 in `zone` with its offset.
    func runs(_ expression: String, after start: String, _ count: Int, in zone: TimeZone = paris) throws -> [String] {
        let cron = try CronExpression(expression)
        var date = at(start)
        var result: [String] = []
        for _ in 0..<count {
            guard let next = cron.next(after: date, in: zone) else { break }
            result.append(InstantText.format(next, in: zone))
            date = next
        }
        return result
    }

    // MARK: Parsing

    @Test("Steps, lists and ranges")
    func fields() throws {
        #expect(try runs("*/15 * * * *", after: "2026-11-24T09:07:00Z", 4, in: Self.utcZone) == [
            "2026-11-24T09:15:00Z", "2026-11-24T09:30:00Z", "2026-11-24T09:45:00Z", "2026-11-24T10:00:00Z",
        ])
        #expect(try runs("5/20 * * * *", after: "2026-11-24T09:00:00Z", 4, in: Self.utcZone) == [
            "2026-11-24T09:05:00Z", "2026-11-24T09:25:00Z", "2026-11-24T09:45:00Z", "2026-11-24T10:05:00Z",
        ])
        #expect(try runs("1-5/2,50 8 * * *", after: "2026-11-24T00:00:00Z", 5, in: Self.utcZone) == [
            "2026-11-24T08:01:00Z", "2026-11-24T08:03:00Z", "2026-11-24T08:05:00Z", "2026-11-24T08:50:00Z",
            "2026-11-25T08:01:00Z",
        ])
        #expect(try runs("0 12 10-12,20 * *", after: "2026-11-11T00:00:00Z", 4, in: Self.utcZone) == [
            "2026-11-11T12:00:00Z", "2026-11-12T12:00:00Z", "2026-11-20T12:00:00Z", "2026-12-10T12:00:00Z",
        ])
        // Tabs and runs of spaces separate fields.
        #expect(try CronExpression(" 0\t9  * * 1-5 ").source == "0\t9  * * 1-5")
    }

    @Test("Month and day names in any case; 0 and 7 are both Sunday")
    func names() throws {
        let sundays = try runs("0 0 * * 0", after: "2026-11-01T00:00:00Z", 5, in: Self.utcZone)
        #expect(sundays == ["2026-11-08T00:00:00Z", "2026-11-15T00:00:00Z", "2026-11-22T00:00:00Z", "2026-11-29T00:00:00Z", "2026-12-06T00:00:00Z"])
        for same in ["0 0 * * 7", "0 0 * * SUN", "0 0 * * sun", "0 0 * * Sun"] {
            #expect(try runs(same, after: "2026-11-01T00:00:00Z", 5, in: Self.utcZone) == sundays, "\(same)")
        }
        #expect(try runs("0 0 * * fri-sun", after: "2026-11-23T00:00:00Z", 4, in: Self.utcZone) == [
            "2026-11-27T00:00:00Z", "2026-11-28T00:00:00Z", "2026-11-29T00:00:00Z", "2026-12-04T00:00:00Z",
        ])
        #expect(try runs("0 0 * * 5-7", after: "2026-11-23T00:00:00Z", 4, in: Self.utcZone) == [
            "2026-11-27T00:00:00Z", "2026-11-28T00:00:00Z", "2026-11-29T00:00:00Z", "2026-12-04T00:00:00Z",
        ])
        #expect(try runs("0 0 1 jan,Jul,OCT-DEC/2 *", after: "2026-01-15T00:00:00Z", 4, in: Self.utcZone) == [
            "2026-07-01T00:00:00Z", "2026-10-01T00:00:00Z", "2026-12-01T00:00:00Z", "2027-01-01T00:00:00Z",
        ])
    }

    @Test(
        "Macros are their five-field expressions",
        arguments: [
            ("@yearly", "0 0 1 1 *"), ("@annually", "0 0 1 1 *"), ("@monthly", "0 0 1 * *"), ("@weekly", "0 0 * * 0"),
            ("@daily", "0 0 * * *"), ("@midnight", "0 0 * * *"), ("@hourly", "0 * * * *"), ("@DAILY", "0 0 * * *"),
        ])
    func macros(macro: String, expression: String) throws {
        let start = "2026-03-27T12:34:00+01:00"
        #expect(try runs(macro, after: start, 5) == runs(expression, after: start, 5))
        #expect(try CronExpression(macro).description == macro)
    }

    @Test(
        "Every error names the field and the offending value",
        arguments: [
            ("0 25 * * *", "hour field '25' is out of range 0-23 in '0 25 * * *'"),
            ("60 * * * *", "minute field '60' is out of range 0-59 in '60 * * * *'"),
            ("0 0 0 * *", "day-of-month field '0' is out of range 1-31 in '0 0 0 * *'"),
            ("0 0 32 * *", "day-of-month field '32' is out of range 1-31 in '0 0 32 * *'"),
            ("0 0 * 13 *", "month field '13' is out of range 1-12 in '0 0 * 13 *'"),
            ("0 0 * * 8", "day-of-week field '8' is out of range 0-7 in '0 0 * * 8': 0 and 7 are Sunday"),
            ("0 0-30 * * *", "hour field '30' is out of range 0-23 in '0 0-30 * * *'"),
            ("x * * * *", "minute field 'x' is not a number in 'x * * * *'"),
            ("0 9 * * MON", nil),
            ("0 0 * MON *", "month field 'MON' is not a number or a month name (JAN-DEC) in '0 0 * MON *'"),
            ("0 0 * * JAN", "day-of-week field 'JAN' is not a number or a day name (SUN-SAT) in '0 0 * * JAN'"),
            ("0 0 * * MONDAY", "day-of-week field 'MONDAY' is not a number or a day name (SUN-SAT) in '0 0 * * MONDAY'"),
            ("-5 * * * *", "minute field '-5' is not a number in '-5 * * * *'"),
            ("1- * * * *", "minute field '1-' is not a number in '1- * * * *'"),
            ("1-2-3 * * * *", "minute field '2-3' is not a number in '1-2-3 * * * *'"),
            ("1,,2 * * * *", "minute field '1,,2' has an empty item in '1,,2 * * * *': write lists like 1,15"),
            ("1, * * * *", "minute field '1,' has an empty item in '1, * * * *': write lists like 1,15"),
            ("*/0 * * * *", "minute field '*/0' has a step out of range 1-60 in '*/0 * * * *': write steps like */15"),
            ("*/90 * * * *", "minute field '*/90' has a step out of range 1-60 in '*/90 * * * *': write steps like */15"),
            ("0 */25 * * *", "hour field '*/25' has a step out of range 1-24 in '0 */25 * * *': write steps like */15"),
            ("*/x * * * *", "minute field '*/x' has a step that is not a number in '*/x * * * *': write steps like */15"),
            ("*/ * * * *", "minute field '*/' has a step that is not a number in '*/ * * * *': write steps like */15"),
            ("*/2/3 * * * *", "minute field '*/2/3' has more than one '/' in '*/2/3 * * * *'"),
            ("0 0 * * SUN-SAT", nil),
            ("0 0 * * SUN-MON", nil),
            ("0 0 * * FRI-MON", "day-of-week field 'FRI-MON' is a range that goes backwards in '0 0 * * FRI-MON': write the smaller value first"),
            ("30-10 * * * *", "minute field '30-10' is a range that goes backwards in '30-10 * * * *': write the smaller value first"),
            ("0 9 * *", "'0 9 * *' has 4 fields: a cron expression has 5, minute hour day-of-month month day-of-week, like '0 9 * * 1-5'"),
            ("0 0 9 * * 1-5", "'0 0 9 * * 1-5' has 6 fields (there is no seconds or year field): a cron expression has 5, minute hour day-of-month month day-of-week, like '0 9 * * 1-5'"),
            ("", "'' has 0 fields: a cron expression has 5, minute hour day-of-month month day-of-week, like '0 9 * * 1-5'"),
            ("daily", "'daily' has 1 field: a cron expression has 5, minute hour day-of-month month day-of-week, like '0 9 * * 1-5'"),
            ("@reboot", "'@reboot' is not a cron macro: use @hourly, @daily, @weekly, @monthly or @yearly, or five fields like '0 9 * * 1-5'"),
        ])
    func errors(text: String, message: String?) {
        guard let message else {
            #expect(CronExpression.isValid(text))
            return
        }
        #expect(!CronExpression.isValid(text))
        #expect {
            try CronExpression(text)
        } throws: { error in
            let error = error as! SMSCoreError
            return error.code == .invalidCron && error.message == message
        }
    }

    // MARK: Next run

    @Test("Every 15 minutes, across midnight")
    func everyQuarter() throws {
        #expect(try runs("*/15 * * * *", after: "2026-11-24T23:40:00+01:00", 3) == [
            "2026-11-24T23:45:00+01:00", "2026-11-25T00:00:00+01:00", "2026-11-25T00:15:00+01:00",
        ])
        // Strictly after: a run at 10:00 does not return 10:00 again, nor does 10:00:30.
        #expect(try runs("*/15 * * * *", after: "2026-11-24T10:00:00+01:00", 1) == ["2026-11-24T10:15:00+01:00"])
        #expect(try runs("*/15 * * * *", after: "2026-11-24T10:00:30+01:00", 1) == ["2026-11-24T10:15:00+01:00"])
        #expect(try runs("*/15 * * * *", after: "2026-11-24T09:59:59+01:00", 1) == ["2026-11-24T10:00:00+01:00"])
    }

    @Test("Weekday mornings skip the weekend")
    func weekdayMornings() throws {
        // 2026-11-27 is a Friday.
        #expect(try runs("0 9 * * 1-5", after: "2026-11-27T08:00:00+01:00", 3) == [
            "2026-11-27T09:00:00+01:00", "2026-11-30T09:00:00+01:00", "2026-12-01T09:00:00+01:00",
        ])
        #expect(try runs("0 9 * * MON-FRI", after: "2026-11-27T09:00:00+01:00", 1) == ["2026-11-30T09:00:00+01:00"])
    }

    @Test("Day of month and day of week both restricted: either matches; one restricted: both must")
    func eitherDayRule() throws {
        // The 13th, and every Friday.
        #expect(try runs("0 0 13 * 5", after: "2026-11-01T00:00:00Z", 5, in: Self.utcZone) == [
            "2026-11-06T00:00:00Z", "2026-11-13T00:00:00Z", "2026-11-20T00:00:00Z", "2026-11-27T00:00:00Z",
            "2026-12-04T00:00:00Z",
        ])
        #expect(try runs("0 0 1,15 * MON", after: "2026-11-01T00:00:00Z", 5, in: Self.utcZone) == [
            "2026-11-02T00:00:00Z", "2026-11-09T00:00:00Z", "2026-11-15T00:00:00Z", "2026-11-16T00:00:00Z",
            "2026-11-23T00:00:00Z",
        ])
        // A stepped day of month is restricted too (unlike Vixie cron, which only looks for a leading '*').
        #expect(try runs("0 0 */10 * SUN", after: "2026-11-01T00:00:00Z", 4, in: Self.utcZone) == [
            "2026-11-08T00:00:00Z", "2026-11-11T00:00:00Z", "2026-11-15T00:00:00Z", "2026-11-21T00:00:00Z",
        ])
        // A day field covering its whole range is not a restriction: Mondays only.
        #expect(try runs("0 0 1-31 * MON", after: "2026-11-01T00:00:00Z", 2, in: Self.utcZone) == [
            "2026-11-02T00:00:00Z", "2026-11-09T00:00:00Z",
        ])
        #expect(try runs("0 0 13 * *", after: "2026-11-01T00:00:00Z", 2, in: Self.utcZone) == [
            "2026-11-13T00:00:00Z", "2026-12-13T00:00:00Z",
        ])
    }

    @Test("February 29 runs in leap years only (2100 is not one)")
    func leapDay() throws {
        #expect(try runs("0 0 29 2 *", after: "2026-01-01T00:00:00Z", 3, in: Self.utcZone) == [
            "2028-02-29T00:00:00Z", "2032-02-29T00:00:00Z", "2036-02-29T00:00:00Z",
        ])
        #expect(try runs("0 0 29 FEB *", after: "2096-03-01T00:00:00Z", 1, in: Self.utcZone) == ["2104-02-29T00:00:00Z"])
    }

    @Test("Year rollover")
    func yearRollover() throws {
        #expect(try runs("30 23 31 12 *", after: "2026-12-31T23:30:00+01:00", 1) == ["2027-12-31T23:30:00+01:00"])
        #expect(try runs("0 0 * * *", after: "2026-12-31T12:00:00+01:00", 2) == [
            "2027-01-01T00:00:00+01:00", "2027-01-02T00:00:00+01:00",
        ])
        #expect(try runs("0 9 * JAN MON", after: "2026-02-01T00:00:00+01:00", 2) == [
            "2027-01-04T09:00:00+01:00", "2027-01-11T09:00:00+01:00",
        ])
    }

    @Test("An expression that can never match has no next run")
    func neverMatches() throws {
        for text in ["0 0 31 2 *", "0 0 30 FEB *", "0 0 31 4,6,9,11 *", "0 0 31 APR *"] {
            let cron = try CronExpression(text)
            #expect(!cron.canMatch, "\(text)")
            #expect(cron.next(after: at("2026-01-01T00:00:00Z"), in: Self.paris) == nil, "\(text)")
        }
        // The day-of-week alternative makes the 31st of February harmless.
        let either = try CronExpression("0 0 31 2 MON")
        #expect(either.canMatch)
        #expect(try runs("0 0 31 2 MON", after: "2026-01-01T00:00:00Z", 1, in: Self.utcZone) == ["2026-02-02T00:00:00Z"])
        #expect(try CronExpression("0 0 29 2 *").canMatch)
    }

    @Test("Nothing after the year 9999")
    func endOfTime() throws {
        let cron = try CronExpression("0 0 1 1 *")
        #expect(cron.next(after: at("9999-06-01T00:00:00Z"), in: Self.utcZone) == nil)
        #expect(cron.next(after: at("9998-06-01T00:00:00Z"), in: Self.utcZone) == at("9999-01-01T00:00:00Z"))
    }

    @Test("Fixed-time and wildcard jobs")
    func kinds() throws {
        for fixed in ["30 2 * * *", "0 9,18 * * *", "*/15 2 * * *", "0 1-3 * * *", "@daily", "@weekly"] {
            #expect(try CronExpression(fixed).isFixedTime, "\(fixed)")
        }
        for wildcard in ["*/15 * * * *", "0 * * * *", "0 */2 * * *", "0 8-18/2 * * *", "@hourly"] {
            #expect(try !CronExpression(wildcard).isFixedTime, "\(wildcard)")
        }
    }

    // MARK: Daylight saving time

    @Test("Paris spring forward (2026-03-29, 02:00 -> 03:00): a skipped fixed time runs once, after the gap")
    func parisSpringFixed() throws {
        #expect(try runs("30 2 * * *", after: "2026-03-28T12:00:00+01:00", 3) == [
            "2026-03-29T03:00:00+02:00", "2026-03-30T02:30:00+02:00",
            "2026-03-31T02:30:00+02:00",
        ])
        // Every minute of the skipped hour lands on the same instant, which runs once.
        #expect(try runs("*/20 2 * * *", after: "2026-03-29T00:00:00+01:00", 2) == [
            "2026-03-29T03:00:00+02:00", "2026-03-30T02:00:00+02:00",
        ])
        #expect(try runs("0 2,3 * * *", after: "2026-03-29T00:00:00+01:00", 3) == [
            "2026-03-29T03:00:00+02:00", "2026-03-30T02:00:00+02:00", "2026-03-30T03:00:00+02:00",
        ])
    }

    @Test("Paris spring forward: a wildcard job runs at the real matching instants only")
    func parisSpringWildcard() throws {
        #expect(try runs("*/15 * * * *", after: "2026-03-29T01:30:00+01:00", 3) == [
            "2026-03-29T01:45:00+01:00", "2026-03-29T03:00:00+02:00", "2026-03-29T03:15:00+02:00",
        ])
        #expect(try runs("0 * * * *", after: "2026-03-29T00:30:00+01:00", 3) == [
            "2026-03-29T01:00:00+01:00", "2026-03-29T03:00:00+02:00", "2026-03-29T04:00:00+02:00",
        ])
        #expect(try runs("30 */2 * * *", after: "2026-03-29T00:45:00+01:00", 2) == [
            "2026-03-29T04:30:00+02:00", "2026-03-29T06:30:00+02:00",
        ])
    }

    @Test("Paris fall back (2026-10-25, 03:00 -> 02:00): a repeated fixed time runs once, the first time")
    func parisFallFixed() throws {
        #expect(try runs("30 2 * * *", after: "2026-10-24T12:00:00+02:00", 2) == [
            "2026-10-25T02:30:00+02:00", "2026-10-26T02:30:00+01:00",
        ])
        // Asked from inside the second pass, it does not run again that day.
        #expect(try runs("30 2 * * *", after: "2026-10-25T02:10:00+01:00", 1) == ["2026-10-26T02:30:00+01:00"])
        #expect(try runs("45 2 * * *", after: "2026-10-25T02:30:00+01:00", 1) == ["2026-10-26T02:45:00+01:00"])
        #expect(try runs("0,30 2 * * *", after: "2026-10-25T01:00:00+02:00", 3) == [
            "2026-10-25T02:00:00+02:00", "2026-10-25T02:30:00+02:00", "2026-10-26T02:00:00+01:00",
        ])
    }

    @Test("Paris fall back: a wildcard job runs in both occurrences of the repeated hour")
    func parisFallWildcard() throws {
        #expect(try runs("*/15 * * * *", after: "2026-10-25T01:50:00+02:00", 10) == [
            "2026-10-25T02:00:00+02:00", "2026-10-25T02:15:00+02:00", "2026-10-25T02:30:00+02:00",
            "2026-10-25T02:45:00+02:00", "2026-10-25T02:00:00+01:00", "2026-10-25T02:15:00+01:00",
            "2026-10-25T02:30:00+01:00", "2026-10-25T02:45:00+01:00", "2026-10-25T03:00:00+01:00",
            "2026-10-25T03:15:00+01:00",
        ])
        #expect(try runs("0 * * * *", after: "2026-10-25T01:30:00+02:00", 3) == [
            "2026-10-25T02:00:00+02:00", "2026-10-25T02:00:00+01:00", "2026-10-25T03:00:00+01:00",
        ])
        // From inside the second pass, the rest of it.
        #expect(try runs("*/15 * * * *", after: "2026-10-25T02:20:00+01:00", 2) == [
            "2026-10-25T02:30:00+01:00", "2026-10-25T02:45:00+01:00",
        ])
    }

    @Test("New York (2026-03-08 and 2026-11-01): the same rules")
    func newYorkTransitions() throws {
        let zone = Self.newYork
        #expect(try runs("30 2 * * *", after: "2026-03-07T12:00:00-05:00", 2, in: zone) == [
            "2026-03-08T03:00:00-04:00", "2026-03-09T02:30:00-04:00",
        ])
        #expect(try runs("0 * * * *", after: "2026-03-08T00:30:00-05:00", 3, in: zone) == [
            "2026-03-08T01:00:00-05:00", "2026-03-08T03:00:00-04:00", "2026-03-08T04:00:00-04:00",
        ])
        #expect(try runs("30 1 * * *", after: "2026-10-31T12:00:00-04:00", 2, in: zone) == [
            "2026-11-01T01:30:00-04:00", "2026-11-02T01:30:00-05:00",
        ])
        #expect(try runs("*/30 * * * *", after: "2026-11-01T00:45:00-04:00", 5, in: zone) == [
            "2026-11-01T01:00:00-04:00", "2026-11-01T01:30:00-04:00", "2026-11-01T01:00:00-05:00",
            "2026-11-01T01:30:00-05:00", "2026-11-01T02:00:00-05:00",
        ])
    }

    @Test("Midnight skipped (Santiago, 2026-09-06 00:00 -> 01:00): @daily runs at 01:00")
    func skippedMidnight() throws {
        let zone = TimeZone(identifier: "America/Santiago")!
        #expect(try runs("@daily", after: "2026-09-05T12:00:00-04:00", 2, in: zone) == [
            "2026-09-06T01:00:00-03:00", "2026-09-07T00:00:00-03:00",
        ])
    }

    // MARK: Properties

    /// Expressions with an independent reading of each, on Foundation's calendar fields.
    static let cases: [(String, @Sendable (DateComponents) -> Bool)] = [
        ("*/15 * * * *", { $0.minute! % 15 == 0 }),
        ("0 * * * *", { $0.minute == 0 }),
        ("0 9 * * 1-5", { $0.minute == 0 && $0.hour == 9 && (2...6).contains($0.weekday!) }),
        ("30 2 * * *", { $0.minute == 30 && $0.hour == 2 }),
        ("0 9 1 * MON", { $0.minute == 0 && $0.hour == 9 && ($0.day == 1 || $0.weekday == 2) }),
        ("*/20 1-3 * * SUN", { $0.minute! % 20 == 0 && (1...3).contains($0.hour!) && $0.weekday == 1 }),
        ("15 */2 * * *", { $0.minute == 15 && $0.hour! % 2 == 0 }),
        ("0 0 29 2 *", { $0.minute == 0 && $0.hour == 0 && $0.day == 29 && $0.month == 2 }),
        ("59 23 28-31 * *", { $0.minute == 59 && $0.hour == 23 && $0.day! >= 28 }),
    ]

    static func components(_ date: Date, _ zone: TimeZone) -> DateComponents {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        return calendar.dateComponents([.year, .month, .day, .weekday, .hour, .minute, .second], from: date)
    }

    @Test("Walking a year from random starts: strictly increasing, each run matches (or ends a DST gap)")
    func walkAYear() throws {
        var random = SplitMix64(seed: 2026)
        for zone in [Self.paris, Self.newYork] {
            for (text, predicate) in Self.cases {
                let cron = try CronExpression(text)
                let start = Date(timeIntervalSince1970: Double(Int64.random(in: 1_735_689_600...1_893_456_000, using: &random)))
                let end = start.addingTimeInterval(366 * 86_400)
                var previous = start
                var count = 0
                while let next = cron.next(after: previous, in: zone), next <= end {
                    #expect(next > previous, "\(text) in \(zone.identifier) after \(previous)")
                    let fields = Self.components(next, zone)
                    #expect(fields.second == 0)
                    let endsGap = zone.secondsFromGMT(for: next.addingTimeInterval(-1)) < zone.secondsFromGMT(for: next)
                    #expect(predicate(fields) || (cron.isFixedTime && endsGap), "\(text) in \(zone.identifier): \(next)")
                    #expect(cron.matches(next, in: zone) == predicate(fields))
                    previous = next
                    count += 1
                }
                #expect(count > 0 || text == "0 0 29 2 *", "\(text)")
            }
        }
    }

    /// Every run in [start, end) by brute force over each minute: wildcard jobs run at each
    /// matching instant; fixed-time jobs at the first occurrence of each matching wall time, and
    /// at the end of a gap that skipped a matching wall time.
    static func bruteForce(
        _ predicate: (DateComponents) -> Bool, fixedTime: Bool, from start: Date, to end: Date, in zone: TimeZone
    ) -> [Date] {
        var result: [Date] = []
        var instant = start
        while instant < end {
            let offset = zone.secondsFromGMT(for: instant)
            var runs = predicate(components(instant, zone))
            if fixedTime {
                let before = zone.secondsFromGMT(for: instant.addingTimeInterval(-1))
                if !runs, before < offset {
                    // Just after a spring forward: did a skipped wall time match?
                    let skipped = TimeZone(secondsFromGMT: before)!
                    runs = stride(from: 0, to: offset - before, by: 60).contains {
                        predicate(components(instant.addingTimeInterval(TimeInterval($0)), skipped))
                    }
                }
            }
            if fixedTime, runs, let repeated = firstShowing(instant, zone), repeated < instant { runs = false }
            if runs { result.append(instant) }
            instant += 60
        }
        return result
    }

    /// The earliest instant within two hours before `instant` whose wall clock reads the same.
    static func firstShowing(_ instant: Date, _ zone: TimeZone) -> Date? {
        let wall = components(instant, zone)
        let seconds: [TimeInterval] = Array(stride(from: -7_200, through: -60, by: 60))
        return seconds.lazy.map { instant.addingTimeInterval($0) }.first { components($0, zone) == wall }
    }

    @Test(
        "Around DST changes, runs equal a minute-by-minute brute force",
        arguments: [
            ("Europe/Paris", "2026-03-28T12:00:00Z"), ("Europe/Paris", "2026-10-24T12:00:00Z"),
            ("America/New_York", "2026-03-07T12:00:00Z"), ("America/New_York", "2026-10-31T12:00:00Z"),
            ("Australia/Lord_Howe", "2026-04-04T00:00:00Z"), ("Australia/Lord_Howe", "2026-10-03T00:00:00Z"),
            ("America/Santiago", "2026-09-05T12:00:00Z"),
        ])
    func bruteForceAroundChanges(zoneName: String, startText: String) throws {
        let zone = TimeZone(identifier: zoneName)!
        let start = at(startText)
        let end = start.addingTimeInterval(2 * 86_400)
        let extra: [(String, @Sendable (DateComponents) -> Bool)] = [
            ("0,30 1-2 * * *", { ($0.minute == 0 || $0.minute == 30) && (1...2).contains($0.hour!) }),
            ("*/10 * * * *", { $0.minute! % 10 == 0 }),
            ("0 0 * * *", { $0.minute == 0 && $0.hour == 0 }),
            ("15 23 * * *", { $0.minute == 15 && $0.hour == 23 }),
        ]
        for (text, predicate) in Self.cases + extra {
            let cron = try CronExpression(text)
            var actual: [Date] = []
            var previous = start.addingTimeInterval(-1)
            while let next = cron.next(after: previous, in: zone), next < end {
                actual.append(next)
                previous = next
            }
            let expected = Self.bruteForce(predicate, fixedTime: cron.isFixedTime, from: start, to: end, in: zone)
            #expect(actual == expected, "\(text) in \(zoneName)")
        }
    }
}
