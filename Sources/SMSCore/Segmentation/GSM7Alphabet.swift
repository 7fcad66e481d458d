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

    // Latin-1 (one bit per code point from U+0080 and from U+00C0):
    // ¡ £ ¤ ¥ § ¿ Ä Å Æ Ç É Ñ Ö Ø Ü ß à ä å æ è é ì ñ ò ö ø ù ü.
    private static let latin1Low: UInt64 = 0x8000_00BA_0000_0000
    private static let latin1High: UInt64 = 0x1346_1371_9142_02F0
    // Greek capitals from U+0393: Γ Δ Θ Λ Ξ Π Σ Φ Ψ Ω.
    private static let greek: UInt32 = 0x0069_2923

    /// Septets for a scalar at or above U+0080: bit tables, as this runs for every accent.
    @inline(__always)
    static func septets(nonASCII value: UInt32) -> Int {
        if value < 0x100 {
            let table = value < 0xC0 ? latin1Low : latin1High
            return Int(truncatingIfNeeded: table &>> UInt64(value & 63) & 1)
        }
        if value &- 0x393 < 23 { return Int(truncatingIfNeeded: greek &>> (value &- 0x393) & 1) }
        return value == 0x20AC ? 2 : 0  // €, extension table
    }
}
