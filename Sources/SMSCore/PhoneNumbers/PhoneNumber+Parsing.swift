extension PhoneNumber {
    /// Parses a phone number as people write it and normalizes it to E.164.
    ///
    /// Accepts international forms (`+33 6 12 34 56 78`, `(+33) 6-12-34-56-78`, `0033612345678`,
    /// `+33 (0)6 12 34 56 78`) and national forms for `region` (`0612345678`, `06.12.34.56.78`).
    /// Spaces, dots, dashes, slashes and parentheses are ignored. Rejects letters and other
    /// symbols, a misplaced `+`, unknown country codes, and numbers too short or too long for their
    /// numbering plan (or for E.164's 15 digits), with a message naming the input and a fix.
    ///
    /// - Parameter region: ISO 3166 code of the country national numbers belong to; default FR.
    public static func parse(_ text: String, region: String = "FR") throws(SMSCoreError) -> PhoneNumber {
        let regionCode = region.uppercased()
        guard let home = NumberingPlan.forRegion(regionCode) else {
            throw SMSCoreError(
                code: .unknownRegion,
                message: "\"\(region)\" is not a known region: use a two-letter ISO 3166 code such as FR, BE, CH or US")
        }
        let digits = try scanDigits(text, hint: hint(for: home))

        // International forms: "+", or the international prefix dialled from the home region.
        let internationalPrefix = home.countryCode == 1 ? "011" : "00"
        if digits.plus || digits.text.hasPrefix(internationalPrefix) {
            let international = digits.plus ? digits.text : String(digits.text.dropFirst(internationalPrefix.count))
            return try parseInternational(
                international, input: text, home: home, trunkInParentheses: digits.trunkInParentheses)
        }
        return try parseNational(digits.text, input: text, plan: home)
    }

    // MARK: Steps

    private static func scanDigits(
        _ text: String, hint: String
    ) throws(SMSCoreError) -> (text: String, plus: Bool, trunkInParentheses: Bool) {
        var digits = ""
        var plus = false
        var letters: [String] = []
        var symbols: [String] = []
        for scalar in text.unicodeScalars {
            switch scalar {
            case "0"..."9":
                digits.unicodeScalars.append(scalar)
            case "+":
                if plus || !digits.isEmpty {
                    throw SMSCoreError(
                        code: .invalidNumber,
                        message: "\"\(text)\" has a + that is not at the start: only the country code may follow a +; \(hint)")
                }
                plus = true
            case " ", "\t", "\u{A0}", "\u{202F}", ".", "-", "/", "(", ")", "\u{2010}"..."\u{2015}":
                continue
            default:
                let character = String(scalar)
                if scalar.properties.isAlphabetic {
                    if !letters.contains(character) { letters.append(character) }
                } else if !symbols.contains(character) {
                    symbols.append(character)
                }
            }
        }
        if !letters.isEmpty {
            let list = letters.map { "\"\($0)\"" }.joined(separator: ", ")
            throw SMSCoreError(
                code: .invalidNumber,
                message: "\"\(text)\" contains letters (\(list)): a phone number has only digits, spaces, dots, dashes and an optional leading +; \(hint)")
        }
        if !symbols.isEmpty {
            let list = symbols.map { "\"\($0)\"" }.joined(separator: ", ")
            throw SMSCoreError(
                code: .invalidNumber,
                message: "\"\(text)\" contains \(list), which cannot appear in a phone number; \(hint)")
        }
        if digits.isEmpty {
            throw SMSCoreError(code: .invalidNumber, message: "\"\(text)\" has no digits, so it is not a phone number; \(hint)")
        }
        // "+44 (0)20 ...": the 0 in parentheses is the trunk prefix, to be dropped after the country code.
        let compact = text.unicodeScalars.filter { $0 != " " }
        let trunkInParentheses = plus && String(String.UnicodeScalarView(compact)).contains("(0)")
        return (digits, plus, trunkInParentheses)
    }

    /// Parses the digits after `+` (or after the international prefix).
    private static func parseInternational(
        _ digits: String, input: String, home: NumberingPlan, trunkInParentheses: Bool
    ) throws(SMSCoreError) -> PhoneNumber {
        if digits.count > 15 {
            throw SMSCoreError(
                code: .tooLong,
                message: "\"\(input)\" is too long (\(digits.count) digits; E.164 allows at most 15 including the country code): check for extra digits")
        }
        guard let (code, codeLength) = CountryCallingCodes.match(Array(digits.utf8).map { $0 - UInt8(ascii: "0") })
        else {
            if digits.count < 3 {
                throw SMSCoreError(
                    code: .tooShort,
                    message: "\"\(input)\" is too short to be an international number: write + then the country code and the number, e.g. \(home.example?.international ?? "+33 6 12 34 56 78")")
            }
            throw SMSCoreError(
                code: .unknownCountryCode,
                message: "\"\(input)\" starts with +\(digits.prefix(3)), which is not an assigned country calling code: check the digits after the + (France is +33)")
        }
        let plan = NumberingPlan.forCountryCode(code)
        var national = String(digits.dropFirst(codeLength))
        // "+33 (0)6 12 ..." and "+33 06 12 ...": a trunk 0 kept after the country code is dropped.
        if national.hasPrefix("0"), trunkInParentheses || (plan.trunkPrefix == "0" && !plan.leadingZeroAllowed) {
            national.removeFirst()
        }
        let count = national.count
        if !plan.lengths.contains(count) {
            throw lengthError(
                input: input, plan: plan, written: count, expected: plan.lengths, after: "+\(code)")
        }
        return try make(national, input: input, plan: plan)
    }

    /// Parses a number written the national way in the region of `plan`.
    private static func parseNational(_ digits: String, input: String, plan: NumberingPlan) throws(SMSCoreError) -> PhoneNumber {
        var national = digits
        var trunkLength = 0
        if let trunk = plan.trunkPrefix, national.hasPrefix(trunk) {
            // A trunk 0 is how national numbers start; the North American 1 and the Russian 8 are
            // only a trunk prefix when the number is one digit longer than a national number.
            if trunk == "0" || national.count == plan.lengths.upperBound + trunk.count {
                national.removeFirst(trunk.count)
                trunkLength = trunk.count
            }
        }
        let count = national.count
        if !plan.lengths.contains(count) {
            // Count as the user wrote it: "0612" is 4 digits where 10 are expected.
            let expected = (plan.lengths.lowerBound + trunkLength)...(plan.lengths.upperBound + trunkLength)
            var error = lengthError(input: input, plan: plan, written: digits.count, expected: expected, after: nil)
            let code = String(plan.countryCode)
            if digits.hasPrefix(code), plan.lengths.contains(digits.count - code.count) {
                error.message += " (if the number starts with its country code, add a +: +\(digits))"
            }
            throw error
        }
        return try make(national, input: input, plan: plan)
    }

    private static func make(_ national: String, input: String, plan: NumberingPlan) throws(SMSCoreError) -> PhoneNumber {
        if let problem = plan.structuralProblem(national) {
            throw SMSCoreError(code: .invalidNumber, message: "\"\(input)\" is not a valid number: \(problem); \(hint(for: plan))")
        }
        let regions = CountryCallingCodes.regionsByCode[plan.countryCode] ?? []
        let region = plan.countryCode == 1 || plan.countryCode == 7 ? nil : regions.first
        return PhoneNumber(
            countryCode: plan.countryCode, nationalNumber: national, kind: plan.kind(of: national), regionCode: region)
    }

    // MARK: Messages

    private static func lengthError(
        input: String, plan: NumberingPlan, written: Int, expected: ClosedRange<Int>, after prefix: String?
    ) -> SMSCoreError {
        let tooShort = written < expected.lowerBound
        let range =
            expected.count == 1 ? "\(expected.lowerBound)"
            : tooShort ? "at least \(expected.lowerBound)" : "at most \(expected.upperBound)"
        let counted = prefix.map { "\(written) digits after \($0)" } ?? "\(written) digits"
        let country = plan.region == "001" ? "+\(plan.countryCode)" : plan.region
        return SMSCoreError(
            code: tooShort ? .tooShort : .tooLong,
            message: "\"\(input)\" is too \(tooShort ? "short" : "long") for a \(country) number (\(counted), expected \(range)): \(hint(for: plan))")
    }

    private static func hint(for plan: NumberingPlan) -> String {
        if let example = plan.example { return "write it as \(example.international) or \(example.national)" }
        return "write it in international form: + then the country code (+\(plan.countryCode)) and the number"
    }
}
