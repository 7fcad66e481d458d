import Foundation
import SMSCore
import Testing

@Suite("Send window and French holidays")
struct SendWindowTests {
    let window = SendWindow.frenchMarketing

    func paris(_ text: String) -> Date {
        try! Date(text, strategy: .iso8601)
    }

    @Test("Easter Sunday for known years")
    func easter() {
        #expect(FrenchHolidays.easterSunday(2024) == (3, 31))
        #expect(FrenchHolidays.easterSunday(2025) == (4, 20))
        #expect(FrenchHolidays.easterSunday(2026) == (4, 5))
        #expect(FrenchHolidays.easterSunday(2027) == (3, 28))
    }

    @Test("The eleven holidays of 2026, Easter-based ones included")
    func holidays2026() {
        let dates = FrenchHolidays.dates(in: 2026).map { "\($0.month)-\($0.day)" }
        #expect(dates == ["1-1", "4-6", "5-1", "5-8", "5-14", "5-25", "7-14", "8-15", "11-1", "11-11", "12-25"])
    }

    @Test("Monday-Saturday 08:00-20:00 Paris is open; Sunday, night and holidays are not")
    func allows() {
        #expect(window.allows(paris("2026-11-23T08:00:00+01:00")))  // Monday opening
        #expect(window.allows(paris("2026-11-28T19:59:00+01:00")))  // Saturday evening
        #expect(!window.allows(paris("2026-11-23T07:59:00+01:00")))
        #expect(!window.allows(paris("2026-11-23T20:00:00+01:00")))
        #expect(!window.allows(paris("2026-11-22T15:00:00+01:00")))  // Sunday
        #expect(!window.allows(paris("2026-12-25T10:00:00+01:00")))  // Christmas, a Friday
        #expect(!window.allows(paris("2026-05-14T10:00:00+02:00")))  // Ascension
    }

    @Test("A Sunday send waits for Monday 08:00 Paris")
    func sundayToMonday() {
        let next = window.nextAllowed(from: paris("2026-11-22T15:00:00+01:00"))
        #expect(next == paris("2026-11-23T08:00:00+01:00"))
    }

    @Test("Saturday night before a Monday holiday waits for Tuesday 08:00 (Whit Monday 2026)")
    func skipsHoliday() {
        let next = window.nextAllowed(from: paris("2026-05-23T21:00:00+02:00"))
        #expect(next == paris("2026-05-26T08:00:00+02:00"))
    }

    @Test("Early morning waits for the same day's opening; an open instant is kept")
    func sameDay() {
        #expect(window.nextAllowed(from: paris("2026-11-24T06:30:00+01:00")) == paris("2026-11-24T08:00:00+01:00"))
        let open = paris("2026-11-24T12:00:00+01:00")
        #expect(window.nextAllowed(from: open) == open)
    }

    @Test("Opening after the spring DST change is 08:00 local, i.e. 06:00 UTC")
    func daylightSaving() {
        // 2026-03-29 is the change (a Sunday): the next opening is Monday 30 at 08:00 CEST.
        let next = window.nextAllowed(from: paris("2026-03-28T21:00:00+01:00"))
        #expect(next == paris("2026-03-30T06:00:00Z"))
    }

    @Test("A window that never opens says so")
    func neverOpens() {
        let closed = SendWindow(weekdays: [], opensAt: 480, closesAt: 1200, timeZone: .gmt, skipsFrenchHolidays: false)
        #expect(closed.nextAllowed(from: Date()) == nil)
    }
}

@Suite("Opt-out keywords and keyword folding")
struct KeywordTests {
    let keywords = OptOutKeywords.standard

    @Test("Single words and configured phrases opt out, whatever the case, accents and punctuation")
    func stops() {
        for reply in ["STOP", "stop", " Stop. ", "ARRÊT", "arret !", "Stop SMS", "UNSUBSCRIBE", "désabonner"] {
            #expect(keywords.intent(of: reply) == .stop, "\(reply)")
        }
    }

    @Test("STOP inside a sentence is an ordinary reply")
    func sentences() {
        for reply in ["stop calling me at work", "please stop", "STOP STOP", "je veux arrêter le yoga", ""] {
            #expect(keywords.intent(of: reply) == nil, "\(reply)")
        }
    }

    @Test("START and its variants opt back in")
    func starts() {
        #expect(keywords.intent(of: "start") == .start)
        #expect(keywords.intent(of: "Unstop!") == .start)
    }

    @Test("Configured keywords replace the defaults")
    func configured() {
        let custom = OptOutKeywords(stop: ["Basta"], start: ["Encore"])
        #expect(custom.intent(of: "basta") == .stop)
        #expect(custom.intent(of: "STOP") == nil)
        #expect(custom.intent(of: "ENCORE") == .start)
    }

    @Test("The first word is upper-cased without accents or punctuation")
    func firstWord() {
        #expect(KeywordText.firstWord("oui !") == "OUI")
        #expect(KeywordText.firstWord("  Horaires ? svp") == "HORAIRES")
        #expect(KeywordText.firstWord("Éé") == "EE")
        #expect(KeywordText.firstWord("!!!") == "")
    }
}
