/// Opt-in replacement of look-alike characters with GSM-7 ones, in the spirit of Twilio's Smart Encoding.
///
/// Covers curly quotes and guillemets, primes, dashes and minus, bullet, ellipsis, the no-break and
/// typographic spaces, invisible zero-width characters (removed) and fullwidth ASCII. Letters are
/// never transliterated: `ç`, `ê` or `œ` keep a text in UCS-2 rather than silently change a word.
/// Differences from Twilio's map, on purpose: NBSP and the other spaces become one space (Twilio
/// writes two), `‹ ›` become `< >` (Twilio swaps them), U+2028/U+2029 become a line feed, combining
/// marks and tabs are left alone, and the soft hyphen is removed.
public enum SmartEncoding: Sendable {
    /// The GSM-7 text that replaces `scalar`, `""` if it is removed, or nil if it is kept.
    public static func replacement(for scalar: Unicode.Scalar) -> String? {
        replacement(forValue: scalar.value)
    }

    /// Applies the replacements to `text` and reports each replaced character with its count.
    public static func apply(to text: String) -> (text: String, replacements: [SmartReplacement]) {
        guard needsReplacement(text) else { return (text, []) }
        var output = String.UnicodeScalarView()
        var replacements: [SmartReplacement] = []
        for scalar in text.unicodeScalars {
            guard let replacement = replacement(forValue: scalar.value) else {
                output.append(scalar)
                continue
            }
            output.append(contentsOf: replacement.unicodeScalars)
            let original = String(scalar)
            if let seen = replacements.firstIndex(where: { $0.original == original }) {
                replacements[seen].count += 1
            } else {
                replacements.append(SmartReplacement(original: original, replacement: replacement, count: 1))
            }
        }
        return (String(output), replacements)
    }

    private static func needsReplacement(_ text: String) -> Bool {
        for scalar in text.unicodeScalars where scalar.value == 0x60 || scalar.value >= 0xA0 {
            if replacement(forValue: scalar.value) != nil { return true }
        }
        return false
    }

    private static func replacement(forValue value: UInt32) -> String? {
        switch value {
        case 0x00AB, 0x00BB, 0x201C, 0x201D, 0x201E, 0x201F, 0x2033, 0x02BA, 0x02EE, 0x275D, 0x275E,
            0x301D, 0x301E, 0x301F:
            "\""  // « » “ ” „ ‟ ″ and other double quotes
        case 0x2018, 0x2019, 0x201B, 0x2032, 0x02B9, 0x02BB, 0x02BC, 0x02BD, 0x02C8, 0x02CA, 0x02CB,
            0x00B4, 0x0060, 0x275B, 0x275C, 0xFF40:
            "'"  // ‘ ’ ‛ ′ ʼ ´ ` and other apostrophes
        case 0x201A:
            ","  // ‚ single low-9 quotation mark looks like a comma
        case 0x2039:
            "<"  // ‹
        case 0x203A:
            ">"  // ›
        case 0x2010, 0x2011, 0x2012, 0x2013, 0x2014, 0x2015, 0x2043, 0x2212, 0x2022, 0xFE58, 0xFE63:
            "-"  // ‐ ‑ ‒ – — ― ⁃ − • and small dashes
        case 0x2026:
            "..."  // …
        case 0x00A0, 0x2000...0x200A, 0x202F, 0x205F, 0x3000:
            " "  // no-break, narrow no-break, typographic and ideographic spaces
        case 0x2028, 0x2029:
            "\n"  // line and paragraph separators
        case 0x00AD, 0x200B, 0x200C, 0x2060, 0xFEFF:
            ""  // soft hyphen, zero-width space / non-joiner, word joiner, BOM: invisible
        case 0xFF01...0xFF5E:
            // Fullwidth ASCII sits at a fixed offset from ASCII; its grave accent was handled above.
            String(Unicode.Scalar(UInt8(truncatingIfNeeded: value &- 0xFEE0)))
        default:
            nil
        }
    }
}
