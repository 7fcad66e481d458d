import Foundation
import GRDB

extension Date {
    /// This instant as GRDB stores a `Date` ("yyyy-MM-dd HH:mm:ss.SSS", UTC), computed without
    /// GRDB's DateFormatter, which cost a few microseconds per date on the hot paths (an outbox
    /// row carries three). The text is the same to the character, so stored dates still compare
    /// as one: the milliseconds are rounded from the same double ICU gets from Foundation.
    package var storageText: String {
        let millis = ((timeIntervalSinceReferenceDate + 978_307_200) * 1000).rounded()
        // Years 1970 to 9999; anything else goes through GRDB's own formatter.
        guard millis >= 0, millis < 253_402_300_800_000 else { return String.fromDatabaseValue(databaseValue) ?? "" }
        return Date.storageText(millis: Int64(millis))
    }

    private static func storageText(millis ms: Int64) -> String {
        let days = ms / 86_400_000
        var rest = Int(ms % 86_400_000)
        // Civil date from days since 1970-01-01 (proleptic Gregorian), after Howard Hinnant.
        let z = days + 719_468
        let era = z / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = Int(dayOfYear - (153 * monthIndex + 2) / 5 + 1)
        let month = Int(monthIndex < 10 ? monthIndex + 3 : monthIndex - 9)
        let year = Int(yearOfEra + era * 400 + (month <= 2 ? 1 : 0))
        let millisecond = rest % 1000
        rest /= 1000
        let second = rest % 60
        rest /= 60
        let minute = rest % 60
        let hour = rest / 60
        return String(unsafeUninitializedCapacity: 23) { buffer in
            func put(_ value: Int, _ width: Int, at offset: Int) {
                var value = value
                for i in stride(from: offset + width - 1, through: offset, by: -1) {
                    buffer[i] = UInt8(truncatingIfNeeded: 48 + value % 10)
                    value /= 10
                }
            }
            put(year, 4, at: 0)
            buffer[4] = UInt8(ascii: "-")
            put(month, 2, at: 5)
            buffer[7] = UInt8(ascii: "-")
            put(day, 2, at: 8)
            buffer[10] = UInt8(ascii: " ")
            put(hour, 2, at: 11)
            buffer[13] = UInt8(ascii: ":")
            put(minute, 2, at: 14)
            buffer[16] = UInt8(ascii: ":")
            put(second, 2, at: 17)
            buffer[19] = UInt8(ascii: ".")
            put(millisecond, 3, at: 20)
            return 23
        }
    }
}
