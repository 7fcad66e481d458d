import SMSCore

/// The human summary `moonwire segments TEXT` prints: encoding, counts, each part.
struct SegmentsReport {
    /// What to describe.
    var segmentation: Segmentation
    /// Whether smart encoding was applied (then what it replaced is listed).
    var smart: Bool
    /// The result smart encoding would give, shown as a tip when it would reach GSM-7; nil for none.
    var smartAlternative: Segmentation?
    /// Whether to highlight the characters that forced UCS-2 with ANSI colours.
    var colour: Bool

    private static let highlight = "\u{1B}[1;97;41m"
    private static let reset = "\u{1B}[0m"

    /// The report, one `Label: value` line each, ending with a newline.
    func render() -> String {
        let s = segmentation
        var lines: [(String, String)] = []
        if s.nonGSM.isEmpty {
            lines.append(("Encoding", s.encoding.rawValue))
        } else {
            let list = s.nonGSM.map { mark(Self.describe($0)) }.joined(separator: ", ")
            lines.append(("Encoding", "\(s.encoding.rawValue), because of \(list)"))
        }
        lines.append(("Segments", "\(s.segments)"))
        let unit = s.encoding == .gsm7 ? "septets" : "UTF-16 units"
        lines.append((
            "Characters",
            "\(s.characters) \(unit) (\(s.encoding.singleSegmentCapacity) fit in one segment, "
                + "\(s.encoding.multipartSegmentCapacity) per segment once split)"
        ))
        if smart {
            let replaced =
                s.replacements.isEmpty
                ? "nothing" : s.replacements.map(Self.describe).joined(separator: ", ")
            lines.append(("Replaced", replaced))
        }
        for (index, part) in s.parts.enumerated() {
            let label = s.parts.count == 1 ? "Part" : "Part \(index + 1)/\(s.parts.count)"
            lines.append((label, "[\(cost(of: part))] " + display(part)))
        }
        if let alternative = smartAlternative, alternative.encoding == .gsm7, s.encoding == .ucs2 {
            let what = alternative.replacements.map(Self.describe).joined(separator: ", ")
            let count = alternative.segments == 1 ? "1 segment" : "\(alternative.segments) segments"
            lines.append(("Tip", "--smart sends this as GSM-7 in \(count) by replacing \(what)"))
        }
        let width = lines.map(\.0.count).max()! + 2
        return lines.map { label, value in
            label + ":" + String(repeating: " ", count: width - label.count - 1) + value + "\n"
        }.joined()
    }

    /// Septets for a GSM-7 part, UTF-16 units for a UCS-2 one.
    private func cost(of part: Substring) -> Int {
        // A part of a GSM-7 message is GSM-7 on its own, so segmenting it alone counts its septets.
        segmentation.encoding == .gsm7 ? Segmenter().segment(String(part)).characters : part.utf16.count
    }

    /// `part` on one line: line breaks and other control characters as visible symbols, and the
    /// characters that forced UCS-2 highlighted when colour is on.
    private func display(_ part: Substring) -> String {
        if part.isEmpty { return "(empty)" }
        let offending = Set(segmentation.nonGSM)
        var result = ""
        for character in part {
            var shown = ""
            for scalar in character.unicodeScalars {
                switch scalar.value {
                case 0x0A: shown += "⏎"
                case 0x00..<0x20: shown.unicodeScalars.append(Unicode.Scalar(0x2400 + scalar.value)!)  // ␀...␟
                case 0x7F: shown += "␡"
                default: shown.unicodeScalars.append(scalar)
                }
            }
            result += offending.contains(String(character)) ? mark(shown) : shown
        }
        return result
    }

    private func mark(_ text: String) -> String { colour ? Self.highlight + text + Self.reset : text }

    /// `"ç" U+00E7` for a visible character; `U+00A0 NO-BREAK SPACE` for one you cannot see.
    static func describe(_ character: String) -> String {
        let scalars = character.unicodeScalars
        let codes = scalars.map { "U+" + hex($0.value) }.joined(separator: " ")
        let invisible = scalars.allSatisfy {
            $0.properties.isWhitespace || [.control, .format, .spaceSeparator].contains($0.properties.generalCategory)
        }
        guard invisible else { return "\(quoted(character)) \(codes)" }
        return scalars.map { "U+" + hex($0.value) + ($0.properties.name.map { " " + $0 } ?? "") }.joined(separator: " ")
    }

    /// `"’" → "'" ×2`, or `U+200B ZERO WIDTH SPACE removed ×1`.
    static func describe(_ replacement: SmartReplacement) -> String {
        let target = replacement.replacement.isEmpty ? "removed" : "→ " + quoted(replacement.replacement)
        return "\(describe(replacement.original)) \(target) ×\(replacement.count)"
    }

    /// `text` in double quotes, or in single quotes when it holds a double quote.
    private static func quoted(_ text: String) -> String {
        text.contains("\"") ? "'\(text)'" : "\"\(text)\""
    }

    private static func hex(_ value: UInt32) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}
