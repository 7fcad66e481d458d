import Testing
@testable import SMSCore

struct SenderIDTests {
    @Test(arguments: ["ACME", "My Shop", "ACME-2024", "AB&Co", "a.b_c", "X", "ABCDEFGHIJK", "2GO"])
    func alphanumericSenders(_ input: String) throws {
        let sender = try SenderID.parse(input)
        #expect(sender.kind == .alphanumeric)
        #expect(sender.value == input)
    }

    @Test func surroundingSpacesAreTrimmed() throws {
        #expect(try SenderID.parse("  ACME \n").value == "ACME")
    }

    @Test(arguments: [("123", SenderID.Kind.shortCode), ("36180", .shortCode), ("12345678", .shortCode),
                      ("123456789", .longCode), ("33612345678", .longCode), ("123456789012345", .longCode)])
    func numericSenders(_ input: String, _ kind: SenderID.Kind) throws {
        let sender = try SenderID.parse(input)
        #expect(sender.kind == kind)
        #expect(sender.value == input)
    }

    @Test func plusLongCodeIsNormalizedToE164() throws {
        let sender = try SenderID.parse("+33 6 12 34 56 78")
        #expect(sender.kind == .longCode)
        #expect(sender.value == "+33612345678")
    }

    private func failure(_ input: String) -> SMSCoreError? {
        do {
            let sender = try SenderID.parse(input)
            Issue.record("\(input.debugDescription) accepted as \(sender.kind)")
            return nil
        } catch {
            #expect(error.code == .invalidSender)
            return error
        }
    }

    @Test func tooLongAlphanumeric() {
        let error = failure("ACME_STORE_FR")
        #expect(error?.message.contains("13 characters, at most 11") == true)
        #expect(error?.message.contains("\"ACME_STORE_\"") == true)
    }

    @Test func accentsAndSymbolsAreNamed() {
        #expect(failure("ÉTÉ")?.message.contains("\"É\"") == true)
        #expect(failure("Shop!")?.message.contains("\"!\"") == true)
        #expect(failure("Café 😀")?.message.contains("\"é\", \"😀\"") == true)
    }

    @Test func digitsAloneMustBeACode() {
        #expect(failure("12")?.message.contains("too short") == true)
        #expect(failure("1234567890123456")?.message.contains("at most 15") == true)
        #expect(failure("12-34")?.message.contains("at least one letter") == true)
        #expect(failure("...")?.message.contains("at least one letter") == true)
    }

    @Test func emptyAndInvalidLongCodes() {
        #expect(failure("")?.message.contains("empty") == true)
        #expect(failure("   ")?.message.contains("empty") == true)
        #expect(failure("+999 123456")?.message.contains("not a valid long code") == true)
    }
}
