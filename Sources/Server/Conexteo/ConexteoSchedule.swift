import Foundation

/// Conexteo's schedule formats: `scheduleAt` in UTC ISO 8601 [G: MindCloud], the legacy send's
/// `scheduledate` (`Y-m-d`) and `scheduletime` (`H:i:s`) [V: WP connector], and the history's
/// `scheduledate` / `scheduletime` / `scheduletimestamp` [G]. The legacy fields carry no zone;
/// the sandbox reads and writes them in French time, Conexteo's market [I].
enum ConexteoSchedule {
    /// French time, or UTC on a system without time zone data.
    static let zone = TimeZone(identifier: "Europe/Paris") ?? TimeZone(secondsFromGMT: 0)!

    /// Parses ISO 8601 with a zone, with or without fractions of a second.
    static func parseISO(_ text: String) -> Date? {
        let plain = ISO8601DateFormatter()
        plain.formatOptions = [.withInternetDateTime]
        if let date = plain.date(from: text) { return date }
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return fractional.date(from: text)
    }

    /// Parses the legacy `YYYY-MM-DD` and `HH:MM:SS` (midnight when no time is given) in French time.
    static func parseLegacy(date: String, time: String?) -> Date? {
        let day = date.split(separator: "-", omittingEmptySubsequences: false).map { Int($0) }
        let clock = (time ?? "00:00:00").split(separator: ":", omittingEmptySubsequences: false).map { Int($0) }
        guard day.count == 3, let year = day[0], let month = day[1], let dayOfMonth = day[2],
            (2...3).contains(clock.count), let hour = clock[0], let minute = clock[1]
        else { return nil }
        let second = clock.count == 3 ? clock[2] : 0
        guard let second, (1...12).contains(month), (1...31).contains(dayOfMonth), (0...23).contains(hour),
            (0...59).contains(minute), (0...59).contains(second)
        else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let components = DateComponents(
            year: year, month: month, day: dayOfMonth, hour: hour, minute: minute, second: second)
        guard let result = calendar.date(from: components),
            calendar.component(.day, from: result) == dayOfMonth  // refuses 2026-02-31
        else { return nil }
        return result
    }

    /// `date` as the history's `scheduledate` (`YYYY-MM-DD`) and `scheduletime` (`HH:MM:SS`), French time.
    static func legacyParts(_ date: Date) -> (date: String, time: String) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        func two(_ value: Int?) -> String { let v = value ?? 0; return v < 10 ? "0\(v)" : "\(v)" }
        return ("\(c.year ?? 0)-\(two(c.month))-\(two(c.day))", "\(two(c.hour)):\(two(c.minute)):\(two(c.second))")
    }

    /// `date` in UTC ISO 8601, e.g. `2026-09-21T10:00:30Z`.
    static func iso(_ date: Date) -> String {
        date.formatted(.iso8601)
    }
}
