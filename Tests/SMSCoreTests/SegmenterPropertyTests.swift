import Testing
@testable import SMSCore

/// Random texts from mixed alphabets, checked against the rules and against `ReferenceSegmenter`.
struct SegmenterPropertyTests {
    static let alphabets: [[String]] = [
        // ASCII, with the characters GSM-7 lacks (backtick, tab, ESC) and line breaks.
        Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,;:!?'\"-_@#%&()*+/<=>$".map(String.init))
            + ["\n", "\r", "\r\n", "\t", "`", "\u{1B}", " ", " "],
        // French, GSM-7 and not.
        ["é", "è", "à", "ù", "É", "Ç", "ç", "ê", "â", "î", "ô", "û", "ë", "ï", "œ", "À", "’", "«", "»", "…", "\u{A0}", "\u{202F}"],
        // GSM-7 extension table.
        ["€", "[", "]", "{", "}", "|", "^", "~", "\\", "\u{0C}"],
        // Emoji: plain, skin tone, variation selector, ZWJ sequences, flags, a lone regional indicator, keycap.
        ["😀", "👍🏽", "❤️", "❤", "✅", "👨‍👩‍👧‍👦", "🏳️‍🌈", "👩🏾‍💻", "🇫🇷", "🇮🇹", "🇫", "#️⃣", "\u{200D}", "©", "‼",
         "\u{1F3FD}", "🎉", "🤖", "🫠"],
        // CJK, kana, Hangul syllables and conjoining jamo.
        ["您", "好", "世", "界", "。", "，", "か", "ナ", "한", "국", "\u{1100}", "\u{1161}", "\u{11A8}"],
        // Other scripts, with Arabic harakat and a Devanagari conjunct (virama).
        ["Ж", "щ", "λ", "Ω", "ب", "\u{64E}", "ש", "क", "\u{94D}", "ष", "ก", "\u{E31}", "\u{200C}"],
        // Combining marks that attach to whatever precedes them (last: never used alone).
        ["\u{301}", "\u{327}", "\u{308}", "\u{20DD}", "\u{FE0F}"],
    ]

    /// Builds a random text: sometimes from one alphabet (to reach every fast path), mostly mixed.
    static func randomText(_ random: inout SplitMix64) -> String {
        let length = Int(random.next() % 4 == 0 ? random.next() % 600 : random.next() % 180)
        let single = random.next() % 3 == 0
        let chosen = Int(random.next() % UInt64(alphabets.count - 1))  // never marks alone

        var text = ""
        for _ in 0..<length {
            // Mixed texts are mostly ASCII, like real messages.
            let alphabet: [String]
            if single {
                alphabet = alphabets[chosen]
            } else {
                alphabet = random.next() % 3 == 0 ? alphabets[Int(random.next() % UInt64(alphabets.count))] : alphabets[0]
            }
            text += alphabet[Int(random.next() % UInt64(alphabet.count))]
        }
        return text
    }

    /// UTF-8 offsets at which a part may end: Character boundaries, the middle of CR LF, and the
    /// scalar boundaries inside a cluster too large for any part (split on purpose).
    static func clusterBoundaries(_ text: String) -> Set<Int> {
        var boundaries: Set<Int> = [0]
        var offset = 0
        for character in text {
            if character == "\r\n" { boundaries.insert(offset + 1) }
            if character.utf16.count > 67 {
                var inner = offset
                for scalar in character.unicodeScalars {
                    inner += String(scalar).utf8.count
                    boundaries.insert(inner)
                }
            }
            offset += character.utf8.count
            boundaries.insert(offset)
        }
        return boundaries
    }

    /// Every rule violated by the segmentation of `text`; empty when all hold.
    static func violations(of result: Segmentation, for text: String) -> [String] {
        var problems: [String] = []
        // Parts rebuild the input exactly, one part per segment.
        if bytes(result.parts.joined()) != bytes(text) { problems.append("parts do not rebuild the text") }
        if result.segments != result.parts.count || result.segments < 1 { problems.append("segment count") }
        if bytes(result.text) != bytes(text) { problems.append("text changed") }
        // No part exceeds its capacity; the parts' costs add up to the character count.
        let costs = result.partCosts
        if !costs.allSatisfy({ $0 <= result.capacityPerSegment }) { problems.append("part over capacity: \(costs)") }
        if costs.reduce(0, +) != result.characters { problems.append("characters \(result.characters) != \(costs)") }
        // No grapheme cluster is split across parts (CR LF may be).
        let boundaries = clusterBoundaries(text)
        var offset = 0
        for part in result.parts.dropLast() {
            offset += part.utf8.count
            if !boundaries.contains(offset) { problems.append("cluster split at byte \(offset)") }
        }
        // Same answer as the slow reference built on Character iteration.
        let reference = ReferenceSegmenter.segment(text)
        if result.encoding != reference.encoding { problems.append("encoding \(result.encoding)") }
        if result.characters != reference.characters { problems.append("characters vs reference \(reference.characters)") }
        if bytes(result.parts) != bytes(reference.parts) { problems.append("parts differ from the reference") }
        if bytes(result.nonGSM) != bytes(reference.nonGSM) {
            problems.append("nonGSM \(result.nonGSM) vs reference \(reference.nonGSM)")
        }
        return problems
    }

    @Test func randomTextsObeyTheRulesAndMatchTheReference() {
        var random = SplitMix64(seed: 0x5EED_0F_5EC7)
        let segmenter = Segmenter()
        var seen: Set<String> = []
        var failures = 0
        for iteration in 0..<4000 {
            let text = Self.randomText(&random)
            let result = segmenter.segment(text)
            let problems = Self.violations(of: result, for: text)
            if !problems.isEmpty {
                Issue.record("case \(iteration) \(text.debugDescription.prefix(200)): \(problems.joined(separator: "; "))")
                failures += 1
                if failures == 5 { break }
            }
            seen.insert("\(result.encoding.rawValue)/\(result.segments > 1)")
        }
        // The generator reached every combination of encoding and single/multi-part.
        #expect(seen == ["GSM-7/false", "GSM-7/true", "UCS-2/false", "UCS-2/true"])
    }

    @Test func violationsAreDetected() {
        // The checker itself must be able to fail: a part that splits a cluster is caught.
        let text = repeated("ê", 66) + "😀"
        var broken = Segmenter().segment(text)
        broken.parts = [repeated("ê", 66)[...], "😀x"]
        #expect(!Self.violations(of: broken, for: text).isEmpty)
        var split = Segmenter().segment(repeated("a", 100) + "e\u{301}" + repeated("ê", 100))
        split.parts = [(repeated("a", 100) + "e")[...], ("\u{301}" + repeated("ê", 100))[...]]
        #expect(Self.violations(of: split, for: repeated("a", 100) + "e\u{301}" + repeated("ê", 100)).contains { $0.hasPrefix("cluster split") })
    }

    @Test func standaloneScalarsNeverJoinANeighbour() {
        // `isStandalone` lets the segmenter skip grapheme segmentation; check every such scalar
        // against the standard library's rules, next to a letter, itself, and Hangul jamo.
        var checked = 0
        for value in UInt32(0)...0x10FFFF {
            guard UTF8Decoding.isStandalone(value), let scalar = Unicode.Scalar(value) else { continue }
            if value == 0x0D || value == 0x0A { continue }  // CR LF: counted as two on purpose
            let s = String(scalar)
            let pairs = ["a" + s, s + "a", s + s, s + "\u{1161}", "\u{1100}" + s, s + "\u{11A8}"]
            for pair in pairs where pair.count != 2 {
                Issue.record("U+\(String(value, radix: 16)) joins a neighbour in \(pair.debugDescription)")
            }
            checked += 1
        }
        #expect(checked > 20_000)
    }
}
