import Testing
@testable import SMSCore

struct SmartEncodingTests {
    let segmenter = Segmenter()

    @Test func curlyQuotedFrenchSentenceBecomesGSM7() {
        let text = "«\u{A0}C’est l’été… on en profite\u{A0}!\u{A0}»"
        let plain = segmenter.segment(text)
        #expect(plain.encoding == .ucs2)
        #expect(plain.nonGSM == ["«", "\u{A0}", "’", "…", "»"])
        #expect(plain.replacements.isEmpty)

        let smart = segmenter.segment(text, smart: true)
        #expect(smart.encoding == .gsm7)
        #expect(smart.text == "\" C'est l'été... on en profite ! \"")
        #expect(smart.nonGSM.isEmpty)
        #expect(smart.characters == smart.text.count)
        #expect(
            smart.replacements == [
                SmartReplacement(original: "«", replacement: "\"", count: 1),
                SmartReplacement(original: "\u{A0}", replacement: " ", count: 3),
                SmartReplacement(original: "’", replacement: "'", count: 2),
                SmartReplacement(original: "…", replacement: "...", count: 1),
                SmartReplacement(original: "»", replacement: "\"", count: 1),
            ])
    }

    @Test func curlyApostropheAndQuotesInEnglish() {
        #expect(segmenter.segment("It’s “fine”").encoding == .ucs2)
        let smart = segmenter.segment("It’s “fine”", smart: true)
        #expect(smart.encoding == .gsm7)
        #expect(smart.text == "It's \"fine\"")
    }

    @Test func accentedLettersAreNeverTransliterated() {
        let smart = segmenter.segment("Ça coûte cher — très cher, même en août", smart: true)
        #expect(smart.text == "Ça coûte cher - très cher, même en août")
        #expect(smart.encoding == .ucs2)
        #expect(smart.nonGSM == ["û", "ê"])
        #expect(smart.replacements == [SmartReplacement(original: "—", replacement: "-", count: 1)])
    }

    @Test func dashesQuotesAndSpaces() {
        let smart = segmenter.segment("“A” ‘b’ – c ‐ d − e \u{202F}f\u{2009}g ‹h› „i‟ `j´", smart: true)
        #expect(smart.text == "\"A\" 'b' - c - d - e  f g <h> \"i\" 'j'")
        #expect(smart.encoding == .gsm7)
    }

    @Test func zeroWidthCharactersAreRemoved() {
        let smart = segmenter.segment("ab\u{200B}c\u{FEFF}d\u{2060}e\u{200C}f\u{AD}g", smart: true)
        #expect(smart.text == "abcdefg")
        #expect(smart.encoding == .gsm7)
        #expect(smart.replacements.map(\.replacement) == ["", "", "", "", ""])
        #expect(smart.replacements.map(\.count) == [1, 1, 1, 1, 1])
    }

    @Test func fullwidthASCIIBecomesASCII() {
        let smart = segmenter.segment("ＳＯＬＤＥＳ －５０％ ［ｖｉｐ］", smart: true)
        #expect(smart.text == "SOLDES -50% [vip]")
        #expect(smart.encoding == .gsm7)
        #expect(smart.characters == 19)  // [ and ] are extension characters: 2 septets each
    }

    @Test func emojiSequencesSurviveSmartEncoding() {
        let family = "👨‍👩‍👧‍👦"
        let smart = segmenter.segment("\(family) “ok”", smart: true)
        #expect(bytes(smart.text) == bytes("\(family) \"ok\""))
        #expect(smart.encoding == .ucs2)
        #expect(bytes(smart.nonGSM) == [bytes(family)])
    }

    @Test func gsmTextIsLeftAlone() {
        let text = "Promo -20% sur tout [code: ETE] à 10€ !"
        let smart = segmenter.segment(text, smart: true)
        #expect(smart.text == text)
        #expect(smart.replacements.isEmpty)
        #expect(smart == segmenter.segment(text))
    }

    @Test func everyReplacementIsGSM7AndEveryKeyIsNot() {
        var count = 0
        for value in UInt32(0)...0xFFFF {
            guard let scalar = Unicode.Scalar(value), let replacement = SmartEncoding.replacement(for: scalar) else {
                continue
            }
            count += 1
            #expect(!GSM7Alphabet.contains(scalar), "U+\(String(value, radix: 16)) is already GSM-7")
            #expect(replacement.unicodeScalars.allSatisfy(GSM7Alphabet.contains), "U+\(String(value, radix: 16))")
        }
        #expect(count > 100)
        #expect(SmartEncoding.replacement(for: "\u{200D}") == nil)  // ZWJ holds emoji together
        #expect(SmartEncoding.replacement(for: "\u{301}") == nil)  // combining marks are letters' accents
        #expect(SmartEncoding.replacement(for: "ç") == nil)
    }
}
