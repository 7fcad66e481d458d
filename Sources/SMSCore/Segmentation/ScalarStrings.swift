/// Ready-made strings for the single scalars that most often force UCS-2: accented letters,
/// Greek and Cyrillic (U+0080..<U+0800) and typographic punctuation and currency
/// (U+2000..<U+2100). Copying a small string is cheaper than encoding the scalar again.
enum ScalarStrings {
    private static let twoByte: [String] = (0x80..<0x800).map { String(Unicode.Scalar(UInt32($0))!) }
    private static let punctuation: [String] = (0x2000..<0x2100).map { String(Unicode.Scalar(UInt32($0))!) }

    /// The string of the scalar `value`, if it is in one of the tables.
    @inline(__always)
    static func string(_ value: UInt32) -> String? {
        if value &- 0x80 < 0x780 { return twoByte[Int(truncatingIfNeeded: value &- 0x80)] }
        if value &- 0x2000 < 0x100 { return punctuation[Int(truncatingIfNeeded: value &- 0x2000)] }
        return nil
    }
}
