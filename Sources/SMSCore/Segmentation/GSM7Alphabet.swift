/// Membership and cost of characters in the GSM 03.38 default alphabet and its extension table.
///
/// 0x09 is read as capital `Ç` only (as Twilio and Android do), so `ç` is not GSM-7. ESC (0x1B)
/// is not a character of its own: a lone U+001B in a text forces UCS-2.
public enum GSM7Alphabet: Sendable {
    // One bit per ASCII code point: set when the character is a single-septet GSM character.
    // Bits: LF, CR, 0x20...0x3F / @, A-Z, _, a-z. Checked against the full table in the tests.
    private static let basicLow: UInt64 = 0xFFFF_FFFF_0000_2400
    private static let basicHigh: UInt64 = 0x07FF_FFFE_87FF_FFFF
    // ASCII characters of the extension table (2 septets): FF / [ \ ] ^ { | } ~.
    private static let extensionLow: UInt64 = 0x0000_0000_0000_1000
    private static let extensionHigh: UInt64 = 0x7800_0000_7800_0000

    /// Septets `scalar` costs in GSM-7: 1 for the basic table, 2 for the extension table, 0 if absent.
    public static func septets(_ scalar: Unicode.Scalar) -> Int {
        septets(scalarValue: scalar.value)
    }

    /// Whether `scalar` can be sent in GSM-7.
    public static func contains(_ scalar: Unicode.Scalar) -> Bool {
        septets(scalarValue: scalar.value) != 0
    }

    static func septets(scalarValue value: UInt32) -> Int {
        value < 0x80 ? septets(ascii: UInt8(truncatingIfNeeded: value)) : septets(nonASCII: value)
    }

    /// Septets for an ASCII byte, branch-light: two 64-bit masks per table.
    @inline(__always)
    static func septets(ascii byte: UInt8) -> Int {
        let shift = UInt64(byte & 63)
        let high = byte >= 64
        let basic = (high ? basicHigh : basicLow) &>> shift
        let ext = (high ? extensionHigh : extensionLow) &>> shift
        return Int(truncatingIfNeeded: (basic & 1) | ((ext & 1) &<< 1))
    }

    /// Septets for a scalar at or above U+0080.
    static func septets(nonASCII value: UInt32) -> Int {
        switch value {
        // Latin-1: ¡ £ ¤ ¥ § ¿ Ä Å Æ Ç É Ñ Ö Ø Ü ß à ä å æ è é ì ñ ò ö ø ù ü
        case 0xA1, 0xA3, 0xA4, 0xA5, 0xA7, 0xBF,
            0xC4, 0xC5, 0xC6, 0xC7, 0xC9, 0xD1, 0xD6, 0xD8, 0xDC, 0xDF,
            0xE0, 0xE4, 0xE5, 0xE6, 0xE8, 0xE9, 0xEC, 0xF1, 0xF2, 0xF6, 0xF8, 0xF9, 0xFC:
            1
        // Greek capitals: Γ Δ Θ Λ Ξ Π Σ Φ Ψ Ω
        case 0x393, 0x394, 0x398, 0x39B, 0x39E, 0x3A0, 0x3A3, 0x3A6, 0x3A8, 0x3A9:
            1
        case 0x20AC:  // €, extension table
            2
        default:
            0
        }
    }
}
