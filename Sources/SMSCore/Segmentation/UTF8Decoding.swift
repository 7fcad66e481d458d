/// Minimal decoding of the valid UTF-8 that a Swift `String` stores, for the hot paths.
enum UTF8Decoding {
    /// The scalar value starting at `index` and its length in bytes. `bytes` must be valid UTF-8.
    @inline(__always)
    static func scalar(in bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> (value: UInt32, length: Int) {
        let lead = UInt32(bytes[index])
        if lead < 0x80 { return (lead, 1) }
        let b1 = UInt32(bytes[index &+ 1]) & 0x3F
        if lead < 0xE0 { return ((lead & 0x1F) &<< 6 | b1, 2) }
        let b2 = UInt32(bytes[index &+ 2]) & 0x3F
        if lead < 0xF0 { return ((lead & 0x0F) &<< 12 | b1 &<< 6 | b2, 3) }
        let b3 = UInt32(bytes[index &+ 3]) & 0x3F
        return ((lead & 0x07) &<< 18 | b1 &<< 12 | b2 &<< 6 | b3, 4)
    }

    /// Whether a scalar is always a grapheme cluster of its own next to another such scalar.
    ///
    /// True for scalars whose Grapheme_Cluster_Break is Other or Control and that are not Extend,
    /// SpacingMark, Prepend, ZWJ, regional indicators or Hangul jamo: everything below U+0300 (CR LF
    /// aside, which SMS counting splits anyway) and the letters and punctuation of common scripts
    /// without their combining marks, and the common single-scalar emoji (without skin tones or
    /// flags, which do join). A text made only of these needs no grapheme segmentation. A test
    /// checks every one against the standard library.
    @inline(__always)
    static func isStandalone(_ value: UInt32) -> Bool {
        if value < 0x300 { return true }
        // Split by block first, so each scalar costs a handful of comparisons.
        if value < 0x2000 {
            switch value {
            case 0x0370...0x0482,  // Greek and Coptic, Cyrillic letters
                0x048A...0x052F,  // Cyrillic letters after the combining titlo and signs
                0x05D0...0x05F4,  // Hebrew letters and punctuation, without points
                0x0606...0x060F, 0x061B...0x064A, 0x0660...0x066F, 0x0671...0x06D5,  // Arabic, no marks
                0x1E00...0x1FBC:  // Latin Extended Additional (Vietnamese), most of Greek Extended
                return true
            default:
                return false
            }
        }
        if value < 0x3000 {
            switch value {
            case 0x2010...0x2027,  // dashes, quotes, bullets, ellipsis
                0x2030...0x205E,  // per mille ... four dot punctuation
                0x20A0...0x20C0,  // currency symbols, € included
                0x2600...0x27BF:  // miscellaneous symbols and dingbats (☀ ✅ ❤)
                return true
            default:
                return false
            }
        }
        if value < 0x10000 {
            switch value {
            case 0x3001...0x3029,  // CJK punctuation
                0x3041...0x3096, 0x30A1...0x30FA,  // Hiragana, Katakana
                0x4E00...0x9FFF,  // CJK unified ideographs
                0xFF01...0xFF5E:  // fullwidth ASCII
                return true
            default:
                return false
            }
        }
        switch value {
        case 0x1F300...0x1F3FA, 0x1F400...0x1F64F, 0x1F680...0x1F6FF,  // emoji, skin tones excluded
            0x1F900...0x1F9FF, 0x1FA70...0x1FAFF:
            return true
        default:
            return false
        }
    }
}
