import Testing
@testable import SMSCore

/// Boundary vectors written for Moonwire (not copied from any other suite).
struct SegmenterBoundaryTests {
    let segmenter = Segmenter()

    @Test(arguments: [
        (160, 1), (161, 2), (306, 2), (307, 3), (459, 3), (460, 4),
    ])
    func gsm7SegmentBoundaries(length: Int, segments: Int) {
        let result = segmenter.segment(repeated("A", length))
        #expect(result.encoding == .gsm7)
        #expect(result.segments == segments)
        #expect(result.characters == length)
        #expect(result.parts.count == segments)
        if segments > 1 {
            #expect(result.parts.dropLast().allSatisfy { $0.count == 153 })
        }
    }

    @Test(arguments: [(70, 1), (71, 2), (134, 2), (135, 3)])
    func ucs2SegmentBoundaries(length: Int, segments: Int) {
        let result = segmenter.segment(repeated("ê", length))
        #expect(result.encoding == .ucs2)
        #expect(result.segments == segments)
        #expect(result.characters == length)
        if segments > 1 {
            #expect(result.parts.dropLast().allSatisfy { $0.utf16.count == 67 })
        }
        #expect(bytes(result.nonGSM) == [bytes("ê")])
    }

    @Test func extensionCharacterAtSeptets153And154MovesWhole() {
        // 152 septets, then € would take septets 153 and 154 of the first part: it opens the second.
        let result = segmenter.segment(repeated("A", 152) + "€" + repeated("B", 10))
        #expect(result.encoding == .gsm7)
        #expect(result.characters == 152 + 2 + 10)
        #expect(bytes(result.parts) == bytes([repeated("A", 152), "€" + repeated("B", 10)]))
        #expect(result.partCosts == [152, 12])
    }

    @Test func extensionCharacterEndingAtSeptet153Stays() {
        let result = segmenter.segment(repeated("A", 151) + "€" + repeated("B", 10))
        #expect(bytes(result.parts) == bytes([repeated("A", 151) + "€", repeated("B", 10)]))
        #expect(result.partCosts == [153, 10])
    }

    @Test func extensionCharactersNeverSplitFromTheirEscape() {
        // 153 × "]" is 306 septets but each part holds only 76 pairs (152 septets): 3 segments.
        let result = segmenter.segment(repeated("]", 153))
        #expect(result.characters == 306)
        #expect(result.segments == 3)
        #expect(result.partCosts == [152, 152, 2])
        // Straddling the first boundary, as in the reference table of providers.md.
        #expect(segmenter.segment(repeated("A", 152) + "€" + repeated("A", 152)).segments == 3)
    }

    @Test func extensionCharacterFillingExactly160StaysSingle() {
        #expect(segmenter.segment(repeated("A", 158) + "€").segments == 1)
        #expect(segmenter.segment(repeated("A", 159) + "€").segments == 2)
    }

    @Test func surrogatePairStraddlingUnit67MovesWhole() {
        // 66 units, then 😀 would be units 67 and 68.
        let text = repeated("ê", 66) + "😀" + repeated("ê", 10)
        let result = segmenter.segment(text)
        #expect(result.encoding == .ucs2)
        #expect(result.characters == 66 + 2 + 10)
        #expect(bytes(result.parts) == bytes([repeated("ê", 66), "😀" + repeated("ê", 10)]))
        #expect(segmenter.segment(repeated("ê", 66) + "😀" + repeated("ê", 66)).segments == 3)
        #expect(segmenter.segment(repeated("😀", 35)).segments == 1)
        #expect(segmenter.segment(repeated("😀", 36)).segments == 2)
    }

    @Test func zwjFamilyStraddlingUnit67MovesWhole() {
        let family = "👨‍👩‍👧‍👦"  // 7 scalars, 11 UTF-16 units, one grapheme cluster
        #expect(family.utf16.count == 11)
        let result = segmenter.segment(repeated("ê", 60) + family + repeated("ê", 10))
        #expect(bytes(result.parts) == bytes([repeated("ê", 60), family + repeated("ê", 10)]))
        #expect(bytes(result.nonGSM) == bytes(["ê", family]))
    }

    @Test func flagsStayWhole() {
        let flag = "🇮🇹"  // two regional indicators, 4 units
        #expect(segmenter.segment(flag + repeated("a", 66)).segments == 1)
        let overflow = segmenter.segment(flag + repeated("a", 67))
        #expect(overflow.segments == 2)
        let twoFlags = segmenter.segment(repeated("a", 65) + "🇫🇷🇮🇹" + repeated("a", 10))
        #expect(bytes(twoFlags.parts) == bytes([repeated("a", 65), "🇫🇷🇮🇹" + repeated("a", 10)]))
    }

    @Test func decomposedAccentIsOneNonGSMCluster() {
        let decomposed = "e\u{301}"
        let result = segmenter.segment(repeated(decomposed, 70))
        #expect(result.encoding == .ucs2)
        #expect(result.characters == 140)
        #expect(result.segments == 3)
        #expect(bytes(result.nonGSM) == [bytes(decomposed)])
        // Every part ends on a cluster boundary: never a bare "e" at the end of a part.
        #expect(result.parts.allSatisfy { $0.unicodeScalars.last == "\u{301}" })

        let precomposed = segmenter.segment(repeated("é", 70))
        #expect(precomposed.encoding == .gsm7)
        #expect(precomposed.segments == 1)
        #expect(precomposed.characters == 70)
    }

    @Test func capitalCedillaIsGSMSmallIsNot() {
        let capital = segmenter.segment("ÇA MARCHE")
        #expect(capital.encoding == .gsm7)
        #expect(capital.nonGSM.isEmpty)
        let small = segmenter.segment("Merci, ça marche")
        #expect(small.encoding == .ucs2)
        #expect(small.nonGSM == ["ç"])
        #expect(small.characters == 16)
    }

    @Test func crlfCountsTwoAndLFOne() {
        let crlf = segmenter.segment(repeated("a", 80) + "\r\n" + repeated("a", 79))
        #expect(crlf.characters == 161)
        #expect(crlf.segments == 2)
        let lf = segmenter.segment(repeated("a", 80) + "\n" + repeated("a", 79))
        #expect(lf.characters == 160)
        #expect(lf.segments == 1)
        let ucs2 = segmenter.segment(repeated("ê", 34) + "\r\n" + repeated("ê", 34))
        #expect(ucs2.characters == 70)
        #expect(ucs2.segments == 1)
    }

    @Test func crlfMaySplitBetweenItsTwoCharacters() {
        let gsm = segmenter.segment(repeated("a", 152) + "\r\n" + repeated("b", 10))
        #expect(bytes(gsm.parts) == bytes([repeated("a", 152) + "\r", "\n" + repeated("b", 10)]))
        let ucs2 = segmenter.segment(repeated("ê", 66) + "\r\n" + repeated("ê", 5))
        #expect(bytes(ucs2.parts) == bytes([repeated("ê", 66) + "\r", "\n" + repeated("ê", 5)]))
        // Same next to an emoji, where clusters come from the standard library.
        let emoji = segmenter.segment("😀" + repeated("ê", 64) + "\r\n" + repeated("ê", 5))
        #expect(bytes(emoji.parts) == bytes(["😀" + repeated("ê", 64) + "\r", "\n" + repeated("ê", 5)]))
    }

    @Test func emptyMessageIsOneEmptySegment() {
        let result = segmenter.segment("")
        #expect(result.encoding == .gsm7)
        #expect(result.segments == 1)
        #expect(result.characters == 0)
        #expect(result.parts == [""])
        #expect(result.nonGSM.isEmpty)
    }

    @Test func loneEscapeForcesUCS2() {
        let result = segmenter.segment("Hello\u{1B}world")
        #expect(result.encoding == .ucs2)
        #expect(result.nonGSM == ["\u{1B}"])
        #expect(result.characters == 11)
    }

    @Test func nonGSMIsUniqueInFirstSeenOrder() {
        let result = segmenter.segment("ça, ça ô😀ç ô 😀 `")
        #expect(bytes(result.nonGSM) == bytes(["ç", "ô", "😀", "`"]))
    }

    @Test func ucs2CountsUTF16UnitsAndExtensionCharactersOnce() {
        #expect(segmenter.segment("😀a").characters == 3)
        // In UCS-2 a GSM extension character is one 16-bit unit, not two.
        let result = segmenter.segment("ç" + repeated("€", 69))
        #expect(result.encoding == .ucs2)
        #expect(result.characters == 70)
        #expect(result.segments == 1)
    }

    @Test func clusterLongerThanAPartIsSplitBetweenScalars() {
        let zalgo = "a" + repeated("\u{301}", 99)  // one cluster of 100 units
        let result = segmenter.segment(zalgo)
        #expect(result.segments == 2)
        #expect(result.partCosts == [67, 33])
        #expect(bytes(result.parts.joined()) == bytes(zalgo))
    }

    @Test func otherScriptsNeedUCS2() {
        let cyrillic = segmenter.segment("Здравствуйте! Ваш код: 123456.")
        #expect(cyrillic.encoding == .ucs2)
        #expect(cyrillic.nonGSM.first == "З")
        let greek = segmenter.segment("ΓΔΘΛΞΠΣΦΨΩ")  // capitals that GSM-7 borrowed
        #expect(greek.encoding == .gsm7)
        let lowerGreek = segmenter.segment("Γεια")
        #expect(lowerGreek.encoding == .ucs2)
        #expect(lowerGreek.nonGSM == ["ε", "ι", "α"])
    }

    @Test func singlePartKeepsTheInputText() {
        let text = "Bonjour, votre code est 1234."
        let result = segmenter.segment(text)
        #expect(bytes(result.parts) == bytes([text]))
        #expect(result.text == text)
        #expect(result.capacityPerSegment == 160)
        #expect(segmenter.segment(repeated("ê", 71)).capacityPerSegment == 67)
    }
}
