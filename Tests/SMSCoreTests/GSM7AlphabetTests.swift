import Testing
@testable import SMSCore

struct GSM7AlphabetTests {
    @Test func basicTableCostsOneSeptetExceptEscape() {
        #expect(ReferenceSegmenter.basicTable.count == 128)
        for (code, scalar) in ReferenceSegmenter.basicTable.enumerated() where code != 0x1B {
            #expect(GSM7Alphabet.septets(scalar) == 1, "cell 0x\(String(code, radix: 16)) \(scalar)")
        }
    }

    @Test func extensionTableCostsTwoSeptets() {
        #expect(ReferenceSegmenter.extensionTable.count == 10)
        for scalar in ReferenceSegmenter.extensionTable {
            #expect(GSM7Alphabet.septets(scalar) == 2, "\(scalar)")
        }
    }

    @Test func exactly137ScalarsAreGSM() {
        var single = 0
        var double = 0
        for value in UInt32(0)...0x10FFFF {
            guard let scalar = Unicode.Scalar(value) else { continue }
            switch GSM7Alphabet.septets(scalar) {
            case 1: single += 1
            case 2: double += 1
            case 0: break
            default: Issue.record("unexpected cost for U+\(String(value, radix: 16))")
            }
        }
        #expect(single == 127)
        #expect(double == 10)
    }

    @Test func frenchAndControlEdges() {
        #expect(GSM7Alphabet.contains("Ç"))
        #expect(!GSM7Alphabet.contains("ç"))
        #expect(GSM7Alphabet.contains("é") && GSM7Alphabet.contains("è") && GSM7Alphabet.contains("à"))
        for scalar: Unicode.Scalar in ["ê", "â", "î", "ô", "û", "ë", "ï", "œ", "Œ", "À", "È", "`", "\u{1B}", "\t", "\u{A0}"] {
            #expect(!GSM7Alphabet.contains(scalar), "\(scalar)")
        }
    }
}
