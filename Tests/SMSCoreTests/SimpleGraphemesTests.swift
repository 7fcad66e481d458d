import Testing
@testable import SMSCore

/// `SimpleGraphemes` must find exactly the standard library's clusters whenever it answers.
struct SimpleGraphemesTests {
    /// The cluster end offsets the walk finds, or nil when it gives up.
    static func walkEnds(_ text: String) -> [Int]? {
        var text = text
        return text.withUTF8 { bytes in
            var ends: [Int] = []
            return SimpleGraphemes.walk(bytes, 0..<bytes.count) { ends.append($0) } ? ends : nil
        }
    }

    static func characterEnds(_ text: String) -> [Int] {
        var ends: [Int] = []
        var offset = 0
        for character in text {
            offset += character.utf8.count
            ends.append(offset)
        }
        return ends
    }

    @Test func basesJoinAFollowingExtenderButNotAPrecedingOne() {
        var checked = 0
        for value in UInt32(0)...0x10FFFF {
            guard SimpleGraphemes.isBase(value), let scalar = Unicode.Scalar(value) else { continue }
            let s = String(scalar)
            for pair in [s + "\u{301}", s + "\u{FE0F}", s + "\u{1F3FD}", s + "\u{200D}"] where pair.count != 1 {
                Issue.record("U+\(String(value, radix: 16)) does not take an extender in \(pair.debugDescription)")
            }
            if ("\u{301}" + s).count != 2 { Issue.record("U+\(String(value, radix: 16)) joins a preceding mark") }
            checked += 1
        }
        #expect(checked > 20_000)
    }

    @Test func extendersAndPictographsHaveTheirClaimedProperties() {
        for value in UInt32(0)...0x10FFFF {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let s = String(scalar)
            if SimpleGraphemes.isExtender(value), ("a" + s).count != 1 || (s + "a").count != 2 {
                Issue.record("U+\(String(value, radix: 16)) is not an extender")
            }
            if SimpleGraphemes.isPictograph(value) {
                #expect(SimpleGraphemes.isBase(value))
                let joined = ["\u{1F468}\u{200D}" + s, s + "\u{200D}\u{1F468}", s + "\u{1F3FD}\u{FE0F}\u{200D}\u{1F468}"]
                for text in joined where text.count != 1 {
                    Issue.record("U+\(String(value, radix: 16)) is not joined by ZWJ in \(text.debugDescription)")
                }
            }
        }
    }

    @Test func randomWindowsMatchTheStandardLibrary() {
        let pieces = [
            "a", "é", "Ж", "€", "’", " ", "😀", "👍", "❤", "🏳", "🌈", "👨", "👩", "💻", "☀", "✅", "©",
            "\u{301}", "\u{327}", "\u{FE0F}", "\u{1F3FD}", "\u{1F3FB}", "\u{200D}", "🇫", "🇷", "🇮", "\u{1F53E}",
        ]
        var random = SplitMix64(seed: 7)
        var answered = 0
        for _ in 0..<20_000 {
            var text = ""
            for _ in 0..<(1 + Int(random.next() % 8)) { text += pieces[Int(random.next() % UInt64(pieces.count))] }
            guard let ends = Self.walkEnds(text) else { continue }
            answered += 1
            if ends != Self.characterEnds(text) { Issue.record("wrong clusters for \(text.debugDescription): \(ends)") }
        }
        #expect(answered > 5_000)
        for text in ["👨‍👩‍👧‍👦", "🏳️‍🌈", "👩🏾‍💻", "🇫🇷🇮🇹", "🇫🇷🇮", "❤️‍🔥", "👍🏽 ", "e\u{301}\u{327}x"] {
            #expect(Self.walkEnds(text) == Self.characterEnds(text), "\(text.debugDescription)")
        }
    }
}
