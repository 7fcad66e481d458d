/// Grapheme cluster boundaries for windows made only of a few well-understood kinds of scalar,
/// the usual emoji (skin tones, variation selectors, ZWJ sequences, flags) and accents, without
/// the cost of the standard library's general segmentation.
///
/// Kinds: a base (`UTF8Decoding.isStandalone` and not a control), an extender (combining
/// diacritics U+0300...U+036F, VS16, skin tones), ZWJ and regional indicators. Between them the
/// rules reduce to: no break before an extender or ZWJ (GB9), regional indicators pair up
/// (GB12/13), and a ZWJ joins two pictographs (GB11); a break everywhere else. Anything else,
/// including a ZWJ before a scalar not known to be a pictograph, makes the walk give up.
enum SimpleGraphemes {
    /// Calls `boundary` with the end offset of each cluster of `bytes[range]`, which starts on a
    /// cluster boundary, in order. Returns false as soon as a scalar is outside the kinds above,
    /// possibly after some calls: validate with a no-op `boundary` first.
    @inline(__always)
    static func walk(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, boundary: (Int) -> Void) -> Bool {
        var index = range.lowerBound
        var clusterStart = index
        var regionalIndicators = 0  // consecutive regional indicators just before
        var lastBase: UInt32 = 0  // the last base if only extenders followed it, else 0
        var joinsPictograph = false  // the previous scalar is a ZWJ right after a pictograph (and extenders)
        var previousIsZWJ = false
        while index < range.upperBound {
            let (value, length) = UTF8Decoding.scalar(in: bytes, at: index)
            var breaks = false
            if value == 0x200D {
                joinsPictograph = lastBase != 0 && isPictograph(lastBase)
                lastBase = 0
                regionalIndicators = 0
                previousIsZWJ = true
            } else if isExtender(value) {
                joinsPictograph = false
                regionalIndicators = 0
                previousIsZWJ = false
            } else if value &- 0x1F1E6 < 26 {
                if previousIsZWJ { return false }
                breaks = regionalIndicators & 1 == 0
                regionalIndicators &+= 1
                lastBase = 0
                joinsPictograph = false
            } else if isBase(value) {
                if previousIsZWJ {
                    if !(joinsPictograph && isPictograph(value)) { return false }
                } else {
                    breaks = true
                }
                lastBase = value
                joinsPictograph = false
                regionalIndicators = 0
                previousIsZWJ = false
            } else {
                return false
            }
            if breaks, index > clusterStart {
                boundary(index)
                clusterStart = index
            }
            index &+= length
        }
        if index > clusterStart { boundary(index) }
        return true
    }

    /// A scalar that never joins what precedes it (no Extend, SpacingMark, Prepend, Control).
    @inline(__always)
    static func isBase(_ value: UInt32) -> Bool {
        // Controls below U+0300 break on both sides, even before an extender (GB4/GB5).
        if value < 0x20 || value &- 0x7F < 0x21 || value == 0xAD || value == 0x61C { return false }
        return UTF8Decoding.isStandalone(value)
    }

    /// Combining diacritics, VS16 and the skin tone modifiers: all Grapheme_Cluster_Break=Extend.
    @inline(__always)
    static func isExtender(_ value: UInt32) -> Bool {
        value &- 0x300 < 0x70 || value == 0xFE0F || value &- 0x1F3FB < 5
    }

    /// Bases known to be Extended_Pictographic, which a ZWJ joins (GB11): emoji in the common
    /// blocks, as the standard library sees them (a test checks each). Only asked around a ZWJ.
    @inline(__always)
    static func isPictograph(_ value: UInt32) -> Bool {
        let offset: UInt32
        if value &- 0x1F300 < 0x800 {
            offset = value &- 0x1F300
        } else if value &- 0x2600 < 0x1C0 {
            offset = value &- 0x2600 &+ 0x800
        } else {
            return false
        }
        return pictographBits[Int(truncatingIfNeeded: offset &>> 6)] &>> UInt64(offset & 63) & 1 != 0
    }

    /// One bit per scalar of U+1F300..<U+1FB00 then U+2600..<U+27C0, set for the pictographs
    /// (looking up the Unicode property on each call cost more than the rest of the walk).
    private static let pictographBits: [UInt64] = {
        var bits = [UInt64](repeating: 0, count: (0x800 + 0x1C0) / 64)
        for value in UInt32(0x1F300)..<0x1FB00 where isPictographProperty(value) {
            bits[Int(value - 0x1F300) >> 6] |= 1 << UInt64((value - 0x1F300) & 63)
        }
        for value in UInt32(0x2600)..<0x27C0 where isPictographProperty(value) {
            bits[Int(value - 0x2600 + 0x800) >> 6] |= 1 << UInt64((value - 0x2600 + 0x800) & 63)
        }
        return bits
    }()

    private static func isPictographProperty(_ value: UInt32) -> Bool {
        switch value {
        case 0x1F300...0x1F3FA, 0x1F400...0x1F53D, 0x1F546...0x1F64F, 0x1F680...0x1F6FF,
            0x1F947...0x1F9FF, 0x1FA70...0x1FAFF, 0x2600...0x27BF:
            return Unicode.Scalar(value).unsafelyUnwrapped.properties.isEmoji
        default:
            return false
        }
    }
}
