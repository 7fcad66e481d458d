/// The values one cron field allows, as a bit set (bit n = value n), with the field's name and range.
struct CronField: Sendable, Hashable {
    /// Which of the five fields.
    enum Kind: Int, Sendable, CaseIterable {
        case minute, hour, dayOfMonth, month, dayOfWeek

        /// The name used in error messages.
        var name: String {
            switch self {
            case .minute: "minute"
            case .hour: "hour"
            case .dayOfMonth: "day-of-month"
            case .month: "month"
            case .dayOfWeek: "day-of-week"
            }
        }

        /// Values a user may write (day-of-week accepts 7 for Sunday).
        var bounds: ClosedRange<Int> {
            switch self {
            case .minute: 0...59
            case .hour: 0...23
            case .dayOfMonth: 1...31
            case .month: 1...12
            case .dayOfWeek: 0...7
            }
        }

        /// Values `*` stands for (day-of-week: 0-6, Sunday once).
        var full: ClosedRange<Int> { self == .dayOfWeek ? 0...6 : bounds }

        /// Names accepted in place of numbers, by value.
        var names: [String: Int] {
            switch self {
            case .month:
                ["JAN": 1, "FEB": 2, "MAR": 3, "APR": 4, "MAY": 5, "JUN": 6, "JUL": 7, "AUG": 8, "SEP": 9, "OCT": 10,
                 "NOV": 11, "DEC": 12]
            case .dayOfWeek: ["SUN": 0, "MON": 1, "TUE": 2, "WED": 3, "THU": 4, "FRI": 5, "SAT": 6]
            default: [:]
            }
        }
    }

    /// Allowed values; for day-of-week, 7 is folded into 0.
    var bits: UInt64

    /// A set from values (7 in day-of-week means Sunday).
    init(kind: Kind, values: some Sequence<Int>) {
        var bits: UInt64 = 0
        for value in values { bits |= 1 << UInt64(kind == .dayOfWeek && value == 7 ? 0 : value) }
        self.bits = bits
    }

    /// Every value of the field: `*`.
    static func every(_ kind: Kind) -> CronField { CronField(kind: kind, values: kind.full) }

    /// True if `value` is allowed.
    func contains(_ value: Int64) -> Bool { value >= 0 && value < 64 && bits & (1 << UInt64(value)) != 0 }

    /// The smallest allowed value at or above `value`, or nil.
    func next(from value: Int64) -> Int64? {
        guard value < 64 else { return nil }
        let rest = bits >> UInt64(max(0, value))
        return rest == 0 ? nil : max(0, value) + Int64(rest.trailingZeroBitCount)
    }

    /// The allowed values in order.
    var values: [Int] { (0..<64).filter { bits & (1 << UInt64($0)) != 0 } }
}
