import Testing
@testable import SMSCore

struct PhoneNumberTests {
    @Test(arguments: [
        "+33 6 12 34 56 78", "0612345678", "06.12.34.56.78", "0033612345678", "(+33) 6-12-34-56-78",
        "+33 (0)6 12 34 56 78", "+33612345678", "06 12 34 56 78", " 06-12-34-56-78 ", "612345678",
        "+33\u{A0}6\u{A0}12\u{A0}34\u{A0}56\u{A0}78",
    ])
    func frenchMobileForms(_ input: String) throws {
        let number = try PhoneNumber.parse(input)
        #expect(number.e164 == "+33612345678")
        #expect(number.countryCode == 33)
        #expect(number.nationalNumber == "612345678")
        #expect(number.kind == .mobile)
        #expect(number.regionCode == "FR")
        #expect(number.description == "+33612345678")
    }

    @Test(arguments: [
        ("0712345678", PhoneNumber.Kind.mobile), ("0123456789", .fixed), ("0556123456", .fixed),
        ("0912345678", .voip), ("0800123456", .tollFree), ("0899123456", .premium),
    ])
    func frenchKinds(_ input: String, _ kind: PhoneNumber.Kind) throws {
        #expect(try PhoneNumber.parse(input).kind == kind)
    }

    @Test(arguments: [
        ("+32 470 12 34 56", "BE", "+32470123456", PhoneNumber.Kind.mobile),
        ("0470 12 34 56", "BE", "+32470123456", .mobile),
        ("02 123 45 67", "BE", "+3221234567", .fixed),
        ("+41 78 123 45 67", "FR", "+41781234567", .mobile),
        ("078 123 45 67", "CH", "+41781234567", .mobile),
        ("+49 1512 3456789", "FR", "+4915123456789", .mobile),
        ("030 1234567", "DE", "+49301234567", .fixed),
        ("+34 612 34 56 78", "FR", "+34612345678", .mobile),
        ("912 345 678", "ES", "+34912345678", .fixed),
        ("+39 312 345 6789", "FR", "+393123456789", .mobile),
        ("06 1234 5678", "IT", "+390612345678", .fixed),  // Italian fixed lines keep their 0
        ("+44 7400 123456", "FR", "+447400123456", .mobile),
        ("07400 123456", "GB", "+447400123456", .mobile),
        ("+44 (0)20 7946 0958", "FR", "+442079460958", .fixed),
        ("+1 201 555 0123", "FR", "+12015550123", .unknown),
        ("(201) 555-0123", "US", "+12015550123", .unknown),
        ("1-800-555-0199", "CA", "+18005550199", .tollFree),
        ("011 33 6 12 34 56 78", "US", "+33612345678", .mobile),
        ("+86 138 0013 8000", "FR", "+8613800138000", .unknown),
        ("+262 692 12 34 56", "FR", "+262692123456", .unknown),
        ("+800 1234 5678", "FR", "+80012345678", .unknown),
    ])
    func otherCountries(_ input: String, _ region: String, _ e164: String, _ kind: PhoneNumber.Kind) throws {
        let number = try PhoneNumber.parse(input, region: region)
        #expect(number.e164 == e164)
        #expect(number.kind == kind)
    }

    @Test func sharedCountryCodesHaveNoSingleRegion() throws {
        #expect(try PhoneNumber.parse("+1 201 555 0123").regionCode == nil)
        #expect(try PhoneNumber.parse("+44 7400 123456").regionCode == "GB")
        #expect(try PhoneNumber.parse("+800 1234 5678").regionCode == "001")
        #expect(try PhoneNumber.parse("0612345678", region: "fr").e164 == "+33612345678")
    }

    /// Runs `parse` and returns the error it must throw.
    private func failure(_ input: String, region: String = "FR") -> SMSCoreError? {
        do {
            let number = try PhoneNumber.parse(input, region: region)
            Issue.record("\(input.debugDescription) parsed as \(number.e164)")
            return nil
        } catch {
            return error
        }
    }

    @Test func tooShortNationalNumberSaysHowToWriteIt() {
        let error = failure("0612")
        #expect(error?.code == .tooShort)
        #expect(
            error?.message
                == "\"0612\" is too short for a FR number (4 digits, expected 10): write it as +33 6 12 34 56 78 or 0612345678")
    }

    @Test func tooShortInternationalNumberCountsDigitsAfterTheCode() {
        let error = failure("+33 6 12")
        #expect(error?.code == .tooShort)
        #expect(error?.message.contains("3 digits after +33, expected 9") == true)
        #expect(failure("+3")?.code == .tooShort)
        #expect(failure("+86 12")?.code == .tooShort)
    }

    @Test func tooLongNumbers() {
        let national = failure("061234567890")
        #expect(national?.code == .tooLong)
        #expect(national?.message.contains("12 digits, expected 10") == true)
        #expect(failure("+33 6 12 34 56 78 9")?.code == .tooLong)
        let e164 = failure("+86 1380 0138 0001 2345")
        #expect(e164?.code == .tooLong)
        #expect(e164?.message.contains("at most 15") == true)
        // A forgotten + is pointed out.
        #expect(failure("33612345678")?.message.contains("+33612345678") == true)
    }

    @Test func lettersAreRejectedAndNamed() {
        let error = failure("06 12 AB 56 78")
        #expect(error?.code == .invalidNumber)
        #expect(error?.message.contains("\"A\", \"B\"") == true)
        #expect(error?.message.contains("06 12 AB 56 78") == true)
        #expect(failure("call me")?.code == .invalidNumber)
    }

    @Test func symbolsAndMisplacedPlusAreRejected() {
        #expect(failure("06#12345678")?.message.contains("\"#\"") == true)
        #expect(failure("06 12 +34 56 78")?.code == .invalidNumber)
        #expect(failure("++33612345678")?.code == .invalidNumber)
        #expect(failure("")?.code == .invalidNumber)
        #expect(failure(" - ")?.code == .invalidNumber)
    }

    @Test func unknownCountryCodeIsNamed() {
        let error = failure("+999 1234 5678")
        #expect(error?.code == .unknownCountryCode)
        #expect(error?.message.contains("+999") == true)
        #expect(failure("00 28 1234 5678")?.code == .unknownCountryCode)
    }

    @Test func unknownRegionIsRejected() {
        let error = failure("0612345678", region: "XX")
        #expect(error?.code == .unknownRegion)
        #expect(error?.message.contains("\"XX\"") == true)
    }

    @Test func northAmericanAreaCodesStartWith2To9() {
        #expect(failure("+1 101 555 0123")?.code == .invalidNumber)
        #expect(failure("(201) 155-0123", region: "US")?.code == .invalidNumber)
        #expect(failure("555-0123", region: "US")?.code == .tooShort)
    }

    @Test func frenchNumberCannotStartWithZeroAfterTheCode() {
        let error = failure("+33 00 12 34 56 78")
        #expect(error?.code == .invalidNumber)
        #expect(error?.message.contains("cannot start with 0") == true)
    }

    @Test func countryCodeTableIsPrefixFreeAndComplete() {
        let codes = CountryCallingCodes.regionsByCode.keys
        for code in codes {
            let text = String(code)
            for other in codes where other != code {
                #expect(!text.hasPrefix(String(other)), "+\(other) is a prefix of +\(code)")
            }
        }
        #expect(codes.count > 210)
        for region in ["FR", "BE", "CH", "DE", "ES", "IT", "GB", "US", "CA", "VA", "YT", "XK"] {
            #expect(CountryCallingCodes.codeByRegion[region] != nil, "\(region)")
        }
        #expect(CountryCallingCodes.codeByRegion["VA"] == 39)
        #expect(CountryCallingCodes.codeByRegion["CA"] == 1)
    }
}
