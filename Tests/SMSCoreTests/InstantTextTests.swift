import Foundation
import SMSCore
import Testing

@Suite("Instants written for people")
struct InstantTextTests {
    let paris = TimeZone(identifier: "Europe/Paris")!
    let newYork = TimeZone(identifier: "America/New_York")!

    /// A UTC instant from its fields, through Foundation's own calendar (not the code under test).
    func utc(_ year: Int, _ month: Int, _ day: Int, _ hour: Int, _ minute: Int, _ second: Int = 0) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar.date(from: DateComponents(year: year, month: month, day: day, hour: hour, minute: minute, second: second))!
    }

    @Test("ISO 8601 with an offset or Z is an absolute instant, whatever the zone")
    func iso() throws {
        let expected = utc(2026, 11, 24, 8, 0)
        for text in [
            "2026-11-24T09:00:00+01:00", "2026-11-24T08:00:00Z", "2026-11-24T08:00Z", "2026-11-24t08:00:00z",
            "2026-11-24T03:00:00-05:00", "2026-11-24T09:00:00+0100", "2026-11-24T09:00+01", " 2026-11-24T08:00:00Z ",
            "2026-11-24 09:00:00+01:00",
        ] {
            #expect(try InstantText.parse(text) == expected, "\(text)")
            #expect(try InstantText.parse(text, in: newYork) == expected, "\(text)")
        }
        #expect(try InstantText.parse("2026-11-24T08:00:00.250Z") == expected.addingTimeInterval(0.25))
        #expect(try InstantText.parse("2026-11-24T08:00:00,5Z") == expected.addingTimeInterval(0.5))
    }

    @Test("A local wall time is read in the given zone, Europe/Paris by default")
    func local() throws {
        #expect(try InstantText.parse("2026-11-24 09:00") == utc(2026, 11, 24, 8, 0))
        #expect(try InstantText.parse("2026-11-24T09:00") == utc(2026, 11, 24, 8, 0))
        #expect(try InstantText.parse("2026-11-24T09:00:30") == utc(2026, 11, 24, 8, 0, 30))
        #expect(try InstantText.parse("2026-07-14 09:00") == utc(2026, 7, 14, 7, 0))  // summer time
        #expect(try InstantText.parse("2026-11-24 09:00", in: newYork) == utc(2026, 11, 24, 14, 0))
        #expect(try InstantText.parse("2028-02-29 23:59:59", in: TimeZone(identifier: "UTC")!) == utc(2028, 2, 29, 23, 59, 59))
    }

    @Test("A local time skipped by spring forward is the first instant after the gap")
    func gap() throws {
        // Paris jumps from 02:00 to 03:00 on 2026-03-29 (01:00 UTC).
        #expect(try InstantText.parse("2026-03-29 02:30") == utc(2026, 3, 29, 1, 0))
        #expect(try InstantText.parse("2026-03-29 02:00") == utc(2026, 3, 29, 1, 0))
        #expect(try InstantText.parse("2026-03-29 01:59:59") == utc(2026, 3, 29, 0, 59, 59))
        #expect(try InstantText.parse("2026-03-29 03:00") == utc(2026, 3, 29, 1, 0))
        // New York jumps from 02:00 to 03:00 on 2026-03-08 (07:00 UTC).
        #expect(try InstantText.parse("2026-03-08 02:30", in: newYork) == utc(2026, 3, 8, 7, 0))
    }

    @Test("A local time repeated by fall back is its first occurrence")
    func overlap() throws {
        // Paris shows 02:00-03:00 twice on 2026-10-25: first at +02:00, then at +01:00.
        #expect(try InstantText.parse("2026-10-25 02:30") == utc(2026, 10, 25, 0, 30))
        #expect(try InstantText.parse("2026-10-25 03:00") == utc(2026, 10, 25, 2, 0))
        // New York shows 01:00-02:00 twice on 2026-11-01.
        #expect(try InstantText.parse("2026-11-01 01:30", in: newYork) == utc(2026, 11, 1, 5, 30))
    }

    @Test(
        "Rejected texts name themselves, the reason and the two accepted shapes",
        arguments: [
            ("", "it is empty"),
            ("tomorrow", "expected a date like 2026-11-24"),
            ("24/11/2026 09:00", "expected a date like 2026-11-24"),
            ("2026-11-24", "it has no time of day"),
            ("2026-11-24 9:00", "expected a time like 09:00"),
            ("2026-11-24T09", "expected a time like 09:00"),
            ("2026-11-24T09:00:", "expected seconds"),
            ("2026-11-24T09:00:00.Z", "expected digits after the decimal point"),
            ("2026-11-24T09:00:00+1", "expected an offset like +01:00"),
            ("2026-11-24T09:00:00+19:00", "the offset is out of range"),
            ("2026-11-24T09:00:00 Europe/Paris", "unexpected 'Europe/Paris' at the end"),
            ("2026-13-01 09:00", "there is no month 13"),
            ("2026-02-29 09:00", "February 2026 has 28 days"),
            ("2026-04-31 09:00", "April 2026 has 30 days"),
            ("2026-11-24 24:00", "24:00:00 is not a time of day"),
            ("2026-11-24 09:60", "09:60:00 is not a time of day"),
            ("2026-11-24 09:00:60", "09:00:60 is not a time of day"),
        ])
    func rejects(text: String, reason: String) {
        #expect {
            try InstantText.parse(text)
        } throws: { error in
            let error = error as! SMSCoreError
            return error.code == .invalidTime && error.message.hasPrefix("'\(text)' is not a time: \(reason)")
                && error.message.hasSuffix(
                    "write it like 2026-11-24T09:00:00+01:00, or 2026-11-24 09:00 for a local time in Europe/Paris")
        }
    }

    @Test("The hint names the zone local times are read in")
    func hintNamesZone() {
        #expect {
            try InstantText.parse("soon", in: newYork)
        } throws: { error in
            (error as! SMSCoreError).message.hasSuffix("for a local time in America/New_York")
        }
    }

    @Test("Unix times from Lua")
    func unix() throws {
        #expect(try InstantText.date(unixSeconds: 1_795_507_200) == utc(2026, 11, 24, 8, 0))
        #expect(try InstantText.date(unixSeconds: 0) == Date(timeIntervalSince1970: 0))
        #expect(try InstantText.date(unixSeconds: 1.5) == Date(timeIntervalSince1970: 1.5))
    }

    @Test(
        "Unix times that are not instants, with a hint for milliseconds",
        arguments: [
            (Double.nan, "nan is not a Unix time"),
            (Double.infinity, "inf is not a Unix time"),
            (-1, "-1.0 is not a Unix time"),
            (1_795_507_200_000, "1795507200000 is past the year 9999 as a Unix time in seconds: it looks like milliseconds"),
            (1e300, "1e+300 is past the year 9999 as a Unix time in seconds: give seconds since 1970"),
        ])
    func rejectsUnix(value: Double, message: String) {
        #expect {
            try InstantText.date(unixSeconds: value)
        } throws: { error in
            let error = error as! SMSCoreError
            return error.code == .invalidTime && error.message.hasPrefix(message)
        }
    }

    @Test("Formatting uses the zone's offset at that instant, and reads back to the same second")
    func format() throws {
        #expect(InstantText.format(utc(2026, 11, 24, 8, 0)) == "2026-11-24T09:00:00+01:00")
        #expect(InstantText.format(utc(2026, 7, 14, 7, 0)) == "2026-07-14T09:00:00+02:00")
        #expect(InstantText.format(utc(2026, 11, 24, 8, 0), in: newYork) == "2026-11-24T03:00:00-05:00")
        #expect(InstantText.format(utc(2026, 11, 24, 8, 0), in: TimeZone(identifier: "UTC")!) == "2026-11-24T08:00:00Z")
        #expect(InstantText.format(utc(2026, 11, 24, 8, 0), in: TimeZone(identifier: "Asia/Kolkata")!) == "2026-11-24T13:30:00+05:30")
        var random = SplitMix64(seed: 7)
        for _ in 0..<2_000 {
            let date = Date(timeIntervalSince1970: TimeInterval(Int64.random(in: 0...4_102_444_800, using: &random)))
            for zone in [paris, newYork] {
                #expect(try InstantText.parse(InstantText.format(date, in: zone), in: zone) == date)
            }
        }
    }

    @Test("Local wall times agree with Foundation's calendar outside DST changes")
    func agreesWithCalendar() throws {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = paris
        var random = SplitMix64(seed: 11)
        for _ in 0..<2_000 {
            let year = Int.random(in: 1971...2099, using: &random)
            let month = Int.random(in: 1...12, using: &random)
            let day = Int.random(in: 1...28, using: &random)
            let hour = [0, 4, 9, 12, 18, 23].randomElement(using: &random)!  // never in a Paris DST change
            let minute = Int.random(in: 0...59, using: &random)
            let text = String(format: "%04d-%02d-%02d %02d:%02d", year, month, day, hour, minute)
            let expected = calendar.date(from: DateComponents(year: year, month: month, day: day, hour: hour, minute: minute))
            #expect(try InstantText.parse(text) == expected, "\(text)")
        }
    }
}
