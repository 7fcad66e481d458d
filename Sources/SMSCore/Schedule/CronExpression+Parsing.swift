import Foundation

extension CronExpression {
    /// The expressions the macros stand for.
    static let macros: [String: String] = [
        "@yearly": "0 0 1 1 *", "@annually": "0 0 1 1 *", "@monthly": "0 0 1 * *", "@weekly": "0 0 * * 0",
        "@daily": "0 0 * * *", "@midnight": "0 0 * * *", "@hourly": "0 * * * *",
    ]

    /// Parses `text`: five fields or a macro. Errors name the field and the offending value.
    public init(_ text: String) throws(SMSCoreError) {
        let source = text.trimmingCharacters(in: .whitespaces)
        var expanded = source
        if source.hasPrefix("@") {
            guard let macro = Self.macros[source.lowercased()] else {
                throw SMSCoreError(
                    code: .invalidCron,
                    message: "'\(source)' is not a cron macro: use @hourly, @daily, @weekly, @monthly or @yearly, "
                        + "or five fields like '0 9 * * 1-5'")
            }
            expanded = macro
        }
        let texts = expanded.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        guard texts.count == 5 else {
            let extra =
                texts.count == 6 ? " (there is no seconds or year field)" : ""
            throw SMSCoreError(
                code: .invalidCron,
                message: "'\(source)' has \(texts.count) field\(texts.count == 1 ? "" : "s")\(extra): "
                    + "a cron expression has 5, minute hour day-of-month month day-of-week, like '0 9 * * 1-5'")
        }
        var fields: [CronField] = []
        for (kind, fieldText) in zip(CronField.Kind.allCases, texts) {
            fields.append(try Self.field(kind, fieldText, source: source))
        }
        self.source = source
        minutes = fields[0]
        hours = fields[1]
        daysOfMonth = fields[2]
        months = fields[3]
        daysOfWeek = fields[4]
        restrictsDayOfMonth = daysOfMonth != .every(.dayOfMonth)
        restrictsDayOfWeek = daysOfWeek != .every(.dayOfWeek)
        isFixedTime = !texts[1].contains("*") && !texts[1].contains("/")
    }

    /// One field: a comma-separated list of `*`, values, ranges, each with an optional step.
    private static func field(_ kind: CronField.Kind, _ text: String, source: String) throws(SMSCoreError) -> CronField {
        var values: [Int] = []
        for item in text.split(separator: ",", omittingEmptySubsequences: false).map(String.init) {
            guard !item.isEmpty else {
                throw failure(kind, text, "has an empty item", source, hint: "write lists like 1,15")
            }
            let pieces = item.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
            guard pieces.count <= 2 else { throw failure(kind, item, "has more than one '/'", source) }
            var step = 1
            if pieces.count == 2 {
                guard let value = Int(pieces[1]), pieces[1].allSatisfy(\.isASCII) else {
                    throw failure(kind, item, "has a step that is not a number", source, hint: "write steps like */15")
                }
                let width = kind.full.count
                guard (1...width).contains(value) else {
                    throw failure(kind, item, "has a step out of range 1-\(width)", source, hint: "write steps like */15")
                }
                step = value
            }
            let range = pieces[0]
            let low: Int
            let high: Int
            if range == "*" {
                (low, high) = (kind.full.lowerBound, kind.full.upperBound)
            } else if let dash = range.firstIndex(of: "-") {
                low = try value(kind, String(range[..<dash]), item: item, source: source)
                let end = String(range[range.index(after: dash)...])
                high = try value(kind, end, item: item, source: source)
                    // "FRI-SUN" ends on Sunday as 7, so a range may end the week.
                    + (kind == .dayOfWeek && end.uppercased() == "SUN" && low > 0 ? 7 : 0)
                guard low <= high else {
                    throw failure(kind, item, "is a range that goes backwards", source, hint: "write the smaller value first")
                }
            } else {
                low = try value(kind, range, item: item, source: source)
                // "5/15" means from 5 to the end in steps of 15, as in most crons.
                high = pieces.count == 2 ? kind.bounds.upperBound : low
            }
            values.append(contentsOf: stride(from: low, through: high, by: step))
        }
        return CronField(kind: kind, values: values)
    }

    /// A number or a name, within the field's bounds.
    private static func value(_ kind: CronField.Kind, _ text: String, item: String, source: String)
        throws(SMSCoreError) -> Int
    {
        if let named = kind.names[text.uppercased()] { return named }
        guard !text.isEmpty, text.allSatisfy({ $0.isASCII && $0.isNumber }), let number = Int(text) else {
            let expected =
                switch kind {
                case .month: "a number or a month name (JAN-DEC)"
                case .dayOfWeek: "a number or a day name (SUN-SAT)"
                default: "a number"
                }
            throw failure(kind, text.isEmpty ? item : text, "is not \(expected)", source)
        }
        guard kind.bounds.contains(number) else {
            let hint = kind == .dayOfWeek ? "0 and 7 are Sunday" : nil
            throw failure(
                kind, text, "is out of range \(kind.bounds.lowerBound)-\(kind.bounds.upperBound)", source, hint: hint)
        }
        return number
    }

    /// "hour field '25' is out of range 0-23 in '0 25 * * *'", and a hint when one helps.
    private static func failure(
        _ kind: CronField.Kind, _ value: String, _ problem: String, _ source: String, hint: String? = nil
    ) -> SMSCoreError {
        SMSCoreError(
            code: .invalidCron,
            message: "\(kind.name) field '\(value)' \(problem) in '\(source)'" + (hint.map { ": \($0)" } ?? ""))
    }
}
