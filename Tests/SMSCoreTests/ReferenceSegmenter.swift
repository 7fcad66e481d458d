@testable import SMSCore

/// A slow, obviously-correct segmenter written straight from the rules, to check the fast one.
///
/// It walks Swift `Character`s (splitting CR LF into two), and builds the GSM alphabet from the
/// 03.38 table written out cell by cell, not from SMSCore's bit masks.
enum ReferenceSegmenter {
    /// The 128 cells of the GSM 03.38 default alphabet in code order; 0x1B (ESC) is a placeholder.
    static let basicTable: [Unicode.Scalar] = Array(
        "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\u{1B}ÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
            .unicodeScalars)
    static let extensionTable: [Unicode.Scalar] = Array("\u{0C}^{}\\[~]|€".unicodeScalars)

    static func septets(_ scalar: Unicode.Scalar) -> Int {
        if scalar == "\u{1B}" { return 0 }
        if basicTable.contains(scalar) { return 1 }
        if extensionTable.contains(scalar) { return 2 }
        return 0
    }

    /// A unit of packing: its text and whether it is a single GSM character.
    struct Unit {
        var text: String
        var isGSM: Bool
        var septets: Int
        var utf16: Int
    }

    static func units(_ text: String) -> [Unit] {
        var units: [Unit] = []
        for character in text {
            if character == "\r\n" {
                units.append(Unit(text: "\r", isGSM: true, septets: 1, utf16: 1))
                units.append(Unit(text: "\n", isGSM: true, septets: 1, utf16: 1))
                continue
            }
            let scalars = Array(character.unicodeScalars)
            let gsm = scalars.count == 1 ? septets(scalars[0]) : 0
            units.append(Unit(text: String(character), isGSM: gsm > 0, septets: gsm, utf16: character.utf16.count))
        }
        return units
    }

    static func segment(_ text: String) -> Segmentation {
        let units = units(text)
        let gsm = units.allSatisfy(\.isGSM)
        let cost: (Unit) -> Int = { gsm ? $0.septets : $0.utf16 }
        let total = units.reduce(0) { $0 + cost($1) }
        let single = gsm ? 160 : 70
        let multi = gsm ? 153 : 67
        var parts: [String] = []
        if total <= single {
            parts = [text]
        } else {
            var current = ""
            var used = 0
            for unit in units {
                if cost(unit) > multi {
                    // Oversized cluster: scalar by scalar (SMSCore's documented choice).
                    for scalar in unit.text.unicodeScalars {
                        let c = scalar.value > 0xFFFF ? 2 : 1
                        if used + c > multi { parts.append(current); current = ""; used = 0 }
                        current.unicodeScalars.append(scalar)
                        used += c
                    }
                    continue
                }
                if used + cost(unit) > multi { parts.append(current); current = ""; used = 0 }
                current += unit.text
                used += cost(unit)
            }
            parts.append(current)
        }
        var nonGSM: [String] = []
        for unit in units where !unit.isGSM && !nonGSM.contains(where: { Array($0.utf8) == Array(unit.text.utf8) }) {
            nonGSM.append(unit.text)
        }
        return Segmentation(
            encoding: gsm ? .gsm7 : .ucs2, segments: parts.count, characters: total, parts: parts.map { $0[...] },
            nonGSM: gsm ? [] : nonGSM, replacements: [], text: text)
    }
}
