import Foundation
import SMSCore
import Testing

@Suite("Durations written for people")
struct DurationTextTests {
    static let parsed: [(String, Duration)] = [
        ("90s", .seconds(90)),
        ("3d", .seconds(259_200)),
        ("2w", .seconds(1_209_600)),
        ("1h30m", .seconds(5_400)),
        ("45m", .seconds(2_700)),
        ("500ms", .milliseconds(500)),
        ("1d12h", .seconds(129_600)),
        ("1w2d3h4m5s6ms", .milliseconds(788_645_006)),
        ("90", .seconds(90)),
        ("0", .zero),
        ("0s", .zero),
        ("1.5h", .seconds(5_400)),
        ("0.25s", .milliseconds(250)),
        ("2.5", .milliseconds(2_500)),
        ("  1h 30m ", .seconds(5_400)),
        ("36500d", DurationText.maximum),
    ]

    @Test("Units, combinations, fractions and bare seconds", arguments: parsed)
    func parses(text: String, expected: Duration) throws {
        #expect(try DurationText.parse(text) == expected)
    }

    @Test(
        "Rejected texts name themselves and give the hint",
        arguments: [
            ("", "it is empty"),
            ("   ", "it is empty"),
            ("-5s", "negative"),
            ("3x", "unknown unit 'x'"),
            ("3D", "unknown unit 'D'"),
            ("5 minutes", "unknown unit 'minutes'"),
            ("1h30", "'30' has no unit"),
            ("30m1h", "largest unit first"),
            ("1m30m", "largest unit first"),
            ("h", "expected a number at 'h'"),
            ("1e5", "unknown unit 'e'"),
            ("inf", "expected a number at 'inf'"),
            ("nan", "expected a number at 'nan'"),
        ])
    func rejects(text: String, reason: String) {
        #expect {
            try DurationText.parse(text)
        } throws: { error in
            let error = error as! SMSCoreError
            return error.code == .invalidDuration && error.message.contains("'\(text)'")
                && error.message.contains(reason) && error.message.contains("write it like 90s, 3d or 1h30m")
        }
    }

    @Test("Too long: past the 100-year ceiling, or past Int64 while reading", arguments: ["36501d", "99999999999999999999999s", "5300w", "15250000000000w"])
    func rejectsOverflow(text: String) {
        #expect {
            try DurationText.parse(text)
        } throws: { error in
            let error = error as! SMSCoreError
            return error.code == .invalidDuration && error.message == "'\(text)' is too long: the longest duration is 36500d (100 years)"
        }
    }

    @Test("Numbers from Lua are seconds")
    func seconds() throws {
        #expect(try DurationText.duration(seconds: 90) == .seconds(90))
        #expect(try DurationText.duration(seconds: 1.5) == .milliseconds(1_500))
        #expect(try DurationText.duration(seconds: 0) == .zero)
    }

    @Test(
        "Numbers from Lua that are not durations",
        arguments: [
            (Double.nan, "nan is not a duration"),
            (Double.infinity, "inf is not a duration"),
            (-Double.infinity, "-inf is not a duration"),
            (-5, "-5 seconds is negative"),
            (-0.5, "-0.5 seconds is negative"),
            (4e9, "4000000000 seconds is too long"),
        ])
    func rejectsNumbers(value: Double, message: String) {
        #expect {
            try DurationText.duration(seconds: value)
        } throws: { error in
            let error = error as! SMSCoreError
            return error.code == .invalidDuration && error.message.hasPrefix(message)
        }
    }

    static let formatted: [(Duration, String)] = [
        (.seconds(90), "1m30s"),
        (.seconds(266_400), "3d2h"),
        (.seconds(1_209_600), "14d"),
        (.zero, "0s"),
        (.milliseconds(500), "500ms"),
        (.milliseconds(61_001), "1m1s1ms"),
        (.microseconds(999_700), "1s"),
        (.seconds(-90), "-1m30s"),
        (.seconds(86_401), "1d1s"),
    ]

    @Test("Formatting is compact, to the millisecond", arguments: formatted)
    func formats(duration: Duration, text: String) {
        #expect(DurationText.format(duration) == text)
    }

    @Test("Formatting then parsing gives the duration back (to the millisecond)")
    func roundTrip() throws {
        var random = SplitMix64(seed: 42)
        for _ in 0..<2_000 {
            let milliseconds = Int64.random(in: 0...(36_500 * 86_400_000), using: &random)
            let duration = Duration.milliseconds(milliseconds)
            #expect(try DurationText.parse(DurationText.format(duration)) == duration)
        }
    }
}
