/// What Moonwire knows of a country's numbering plan: national number lengths, trunk prefix, and
/// how to tell mobile numbers from the rest.
///
/// Detailed rules cover FR, BE, CH, DE, ES, IT, GB, the North American plan (US, CA, ...), NL, PT,
/// LU, MC and AT; every other code gets the generic E.164 bound (4 to 15 minus the code's length).
struct NumberingPlan: Sendable {
    /// Main region of the plan, e.g. "FR", or the pseudo-region "001" for non-geographic codes.
    let region: String
    /// The country calling code.
    let countryCode: Int
    /// The prefix dialled before a national number inside the country ("0", "1", "8"), if any.
    let trunkPrefix: String?
    /// Allowed lengths of the national significant number (without trunk prefix or country code).
    let lengths: ClosedRange<Int>
    /// Whether a national significant number may itself start with 0 (Italian fixed lines).
    let leadingZeroAllowed: Bool
    /// A valid number written both ways, for hints; nil for the generic plans.
    let example: (international: String, national: String)?

    /// Whether lengths and kinds come from real rules rather than the generic E.164 bound.
    var isDetailed: Bool { example != nil }

    /// The plan used for national numbers written in `region`, or nil for an unknown region.
    static func forRegion(_ region: String) -> NumberingPlan? {
        guard let code = CountryCallingCodes.codeByRegion[region] else { return nil }
        if let plan = detailed[code] { return plan }
        return generic(code: code, region: region)
    }

    /// The plan for numbers written with the country code `code` (which must be assigned).
    static func forCountryCode(_ code: Int) -> NumberingPlan {
        if let plan = detailed[code] { return plan }
        return generic(code: code, region: CountryCallingCodes.regionsByCode[code]?.first ?? "001")
    }

    private static func generic(code: Int, region: String) -> NumberingPlan {
        let trunk: String? =
            if trunklessRegions.contains(region) { nil } else if ["RU", "KZ", "BY"].contains(region) { "8" } else { "0" }
        let codeLength = code < 10 ? 1 : code < 100 ? 2 : 3
        return NumberingPlan(
            region: region, countryCode: code, trunkPrefix: trunk, lengths: 4...(15 - codeLength),
            leadingZeroAllowed: true, example: nil)
    }

    /// Regions whose national numbers are dialled as is, with no trunk prefix to drop.
    private static let trunklessRegions: Set<String> = [
        "AD", "BF", "BH", "BJ", "CI", "CY", "DK", "EE", "GR", "HK", "IS", "KW", "LV", "ML", "MO", "MT",
        "NE", "NO", "OM", "QA", "SG", "SM", "SN", "TG", "001",
    ]

    private static let detailed: [Int: NumberingPlan] = {
        let plans = [
            NumberingPlan(
                region: "FR", countryCode: 33, trunkPrefix: "0", lengths: 9...9, leadingZeroAllowed: false,
                example: ("+33 6 12 34 56 78", "0612345678")),
            NumberingPlan(
                region: "BE", countryCode: 32, trunkPrefix: "0", lengths: 8...9, leadingZeroAllowed: false,
                example: ("+32 470 12 34 56", "0470123456")),
            NumberingPlan(
                region: "CH", countryCode: 41, trunkPrefix: "0", lengths: 9...9, leadingZeroAllowed: false,
                example: ("+41 78 123 45 67", "0781234567")),
            NumberingPlan(
                region: "DE", countryCode: 49, trunkPrefix: "0", lengths: 5...13, leadingZeroAllowed: false,
                example: ("+49 1512 3456789", "015123456789")),
            NumberingPlan(
                region: "ES", countryCode: 34, trunkPrefix: nil, lengths: 9...9, leadingZeroAllowed: false,
                example: ("+34 612 34 56 78", "612345678")),
            NumberingPlan(
                region: "IT", countryCode: 39, trunkPrefix: nil, lengths: 6...11, leadingZeroAllowed: true,
                example: ("+39 312 345 6789", "3123456789")),
            NumberingPlan(
                region: "GB", countryCode: 44, trunkPrefix: "0", lengths: 7...10, leadingZeroAllowed: false,
                example: ("+44 7400 123456", "07400123456")),
            NumberingPlan(
                region: "US", countryCode: 1, trunkPrefix: "1", lengths: 10...10, leadingZeroAllowed: false,
                example: ("+1 201 555 0123", "(201) 555-0123")),
            NumberingPlan(
                region: "NL", countryCode: 31, trunkPrefix: "0", lengths: 9...9, leadingZeroAllowed: false,
                example: ("+31 6 12345678", "0612345678")),
            NumberingPlan(
                region: "PT", countryCode: 351, trunkPrefix: nil, lengths: 9...9, leadingZeroAllowed: false,
                example: ("+351 912 345 678", "912345678")),
            NumberingPlan(
                region: "LU", countryCode: 352, trunkPrefix: nil, lengths: 4...11, leadingZeroAllowed: false,
                example: ("+352 621 123 456", "621123456")),
            NumberingPlan(
                region: "MC", countryCode: 377, trunkPrefix: nil, lengths: 8...9, leadingZeroAllowed: false,
                example: ("+377 6 12 34 56 78", "612345678")),
            NumberingPlan(
                region: "AT", countryCode: 43, trunkPrefix: "0", lengths: 4...13, leadingZeroAllowed: false,
                example: ("+43 664 123456", "0664123456")),
        ]
        return Dictionary(uniqueKeysWithValues: plans.map { ($0.countryCode, $0) })
    }()

    /// A reason the national significant number `nsn` is impossible, beyond its length.
    func structuralProblem(_ nsn: String) -> String? {
        if !leadingZeroAllowed, nsn.hasPrefix("0") {
            return "a \(region) number cannot start with 0 after the country code"
        }
        if countryCode == 1 {
            let digits = Array(nsn.utf8)
            if digits[0] < UInt8(ascii: "2") {
                return "North American area codes start with 2-9, not \(Character(Unicode.Scalar(digits[0])))"
            }
            if digits[3] < UInt8(ascii: "2") {
                return "North American exchange codes (digits 4-6) start with 2-9, not \(Character(Unicode.Scalar(digits[3])))"
            }
        }
        return nil
    }

    /// The kind of line `nsn` (a national significant number of valid length) is.
    func kind(of nsn: String) -> PhoneNumber.Kind {
        func starts(_ prefixes: String...) -> Bool { prefixes.contains { nsn.hasPrefix($0) } }
        switch countryCode {
        case 33:  // France: 1-5 geographic, 6-7 mobile, 8 special rates, 9 VoIP boxes
            if starts("6", "7") { return .mobile }
            if starts("1", "2", "3", "4", "5") { return .fixed }
            if starts("80") { return .tollFree }
            if starts("8") { return .premium }
            if starts("9") { return .voip }
        case 32:  // Belgium: mobiles are the only 9-digit numbers, 4xx
            if nsn.count == 9, starts("4") { return .mobile }
            if starts("800") { return .tollFree }
            if starts("90") { return .premium }
            if nsn.count == 8 { return .fixed }
        case 41:
            if starts("74", "75", "76", "77", "78", "79") { return .mobile }
            if starts("800") { return .tollFree }
            if starts("90", "84") { return .premium }
            if starts("2", "3", "4", "5", "6", "81", "91") { return .fixed }
        case 49:
            if starts("15", "16", "17"), (10...11).contains(nsn.count) { return .mobile }
            if starts("800") { return .tollFree }
            if starts("900", "137") { return .premium }
            if starts("32") { return .voip }
            if starts("2", "3", "4", "5", "6", "7", "8", "9") { return .fixed }
        case 34:
            if starts("6", "71", "72", "73", "74", "75", "76", "77", "78", "79") { return .mobile }
            if starts("800", "900") { return .tollFree }
            if starts("803", "806", "807", "905", "906", "907") { return .premium }
            if starts("8", "9") { return .fixed }
        case 39:
            if starts("3") { return .mobile }
            if starts("0") { return .fixed }
            if starts("80") { return .tollFree }
            if starts("89") { return .premium }
        case 44:
            if starts("71", "72", "73", "74", "75", "77", "78", "79") { return .mobile }
            if starts("800", "808") { return .tollFree }
            if starts("9") { return .premium }
            if starts("56") { return .voip }
            if starts("1", "2") { return .fixed }
        case 1:  // mobile and fixed share area codes in North America
            if starts("800", "833", "844", "855", "866", "877", "888") { return .tollFree }
            if starts("900") { return .premium }
        case 31:
            if starts("6") { return .mobile }
            if starts("800") { return .tollFree }
            if starts("90") { return .premium }
            if starts("85", "88", "91") { return .voip }
            if starts("1", "2", "3", "4", "5", "7") { return .fixed }
        case 351:
            if starts("91", "92", "93", "96") { return .mobile }
            if starts("800") { return .tollFree }
            if starts("2") { return .fixed }
        case 352:
            if starts("6"), nsn.count == 9 { return .mobile }
            if starts("800") { return .tollFree }
            return .fixed
        case 377:
            if starts("6"), nsn.count == 9 { return .mobile }
            if starts("3", "4"), nsn.count == 8 { return .mobile }
            if starts("800") { return .tollFree }
            if starts("8", "9") { return .fixed }
        case 43:
            if starts("65", "66", "67", "68", "69") { return .mobile }
            if starts("800") { return .tollFree }
            if starts("9") { return .premium }
            return .fixed
        default:
            break
        }
        return .unknown
    }
}
