import Foundation

/// When marketing messages may reach a recipient (DESIGN.md §2.7): some weekdays, between two
/// local times, never on a public holiday, in the recipient's time zone.
public struct SendWindow: Sendable, Hashable {
    /// Allowed weekdays, 1 = Sunday ... 7 = Saturday (Foundation's numbering).
    public var weekdays: Set<Int>
    /// Opening time, minutes after local midnight.
    public var opensAt: Int
    /// Closing time (exclusive), minutes after local midnight.
    public var closesAt: Int
    /// The recipients' zone.
    public var timeZone: TimeZone
    /// Skip French public holidays.
    public var skipsFrenchHolidays: Bool

    /// Monday to Saturday, 08:00-20:00 Europe/Paris, no French public holidays.
    public static let frenchMarketing = SendWindow(
        weekdays: [2, 3, 4, 5, 6, 7], opensAt: 8 * 60, closesAt: 20 * 60,
        timeZone: TimeZone(identifier: "Europe/Paris")!, skipsFrenchHolidays: true)

    /// A window.
    public init(weekdays: Set<Int>, opensAt: Int, closesAt: Int, timeZone: TimeZone, skipsFrenchHolidays: Bool) {
        self.weekdays = weekdays
        self.opensAt = opensAt
        self.closesAt = closesAt
        self.timeZone = timeZone
        self.skipsFrenchHolidays = skipsFrenchHolidays
    }

    private var calendar: Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        return calendar
    }

    /// True when `date` falls inside the window.
    public func allows(_ date: Date) -> Bool {
        let parts = calendar.dateComponents([.year, .month, .day, .weekday, .hour, .minute], from: date)
        let minute = parts.hour! * 60 + parts.minute!
        return isOpenDay(parts) && minute >= opensAt && minute < closesAt
    }

    /// `date` itself when allowed, else the next instant the window opens; nil when the window
    /// never opens (no weekday allowed, or closing before opening).
    public func nextAllowed(from date: Date) -> Date? {
        if allows(date) { return date }
        guard !weekdays.isEmpty, opensAt < closesAt else { return nil }
        let calendar = self.calendar
        var day = calendar.startOfDay(for: date)
        // Two weeks always reach an open day unless holidays fill a whole week, which they don't.
        for _ in 0..<15 {
            let parts = calendar.dateComponents([.year, .month, .day, .weekday], from: day)
            if isOpenDay(parts) {
                // Opening time by wall clock: across a DST change, 08:00 still means 08:00.
                var opening = parts
                opening.hour = opensAt / 60
                opening.minute = opensAt % 60
                opening.weekday = nil
                if let instant = calendar.date(from: opening), instant > date { return instant }
            }
            guard let next = calendar.date(byAdding: .day, value: 1, to: day) else { return nil }
            day = next
        }
        return nil
    }

    private func isOpenDay(_ parts: DateComponents) -> Bool {
        guard weekdays.contains(parts.weekday!) else { return false }
        if skipsFrenchHolidays, FrenchHolidays.contains(year: parts.year!, month: parts.month!, day: parts.day!) {
            return false
        }
        return true
    }
}
