import Foundation

/// France's eleven public holidays (metropolitan), computed: the fixed ones and those that follow
/// Easter (Easter Monday, Ascension, Whit Monday).
public enum FrenchHolidays {
    /// The holidays of `year` as (month, day) pairs.
    public static func dates(in year: Int) -> [(month: Int, day: Int)] {
        let easter = easterSunday(year)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let sunday = calendar.date(from: DateComponents(year: year, month: easter.month, day: easter.day))!
        func offset(_ days: Int) -> (month: Int, day: Int) {
            let date = calendar.date(byAdding: .day, value: days, to: sunday)!
            let parts = calendar.dateComponents([.month, .day], from: date)
            return (parts.month!, parts.day!)
        }
        return [
            (1, 1), offset(1), (5, 1), (5, 8), offset(39), offset(50), (7, 14), (8, 15), (11, 1), (11, 11), (12, 25),
        ]
    }

    /// True when the calendar day `year-month-day` is a French public holiday.
    public static func contains(year: Int, month: Int, day: Int) -> Bool {
        dates(in: year).contains { $0.month == month && $0.day == day }
    }

    /// Easter Sunday in the Gregorian calendar (the anonymous "Meeus/Jones/Butcher" algorithm).
    public static func easterSunday(_ year: Int) -> (month: Int, day: Int) {
        let a = year % 19
        let b = year / 100
        let c = year % 100
        let d = b / 4
        let e = b % 4
        let f = (b + 8) / 25
        let g = (b - f + 1) / 3
        let h = (19 * a + b - d - g + 15) % 30
        let i = c / 4
        let k = c % 4
        let l = (32 + 2 * e + 2 * i - h - k) % 7
        let m = (a + 11 * h + 22 * l) / 451
        let month = (h + l - 7 * m + 114) / 31
        let day = (h + l - 7 * m + 114) % 31 + 1
        return (month, day)
    }
}
