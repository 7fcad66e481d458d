/// Finds the first byte that breaks UTF-8, so a batch line's error can point at it.
enum UTF8Validator {
    /// The offset of the first byte of the first ill-formed sequence, or nil when `bytes` is valid UTF-8.
    ///
    /// Follows the Unicode well-formed byte sequences table (Table 3-7): no overlong forms, no
    /// surrogates, nothing above U+10FFFF.
    static func firstInvalidOffset(in bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        let count = bytes.count
        var index = 0
        while index < count {
            // Most lines are mostly ASCII: test eight bytes at a time.
            if index &+ 8 <= count {
                let word = UnsafeRawPointer(bytes.baseAddress! + index).loadUnaligned(as: UInt64.self)
                if word & 0x8080_8080_8080_8080 == 0 {
                    index &+= 8
                    continue
                }
            }
            let lead = bytes[index]
            if lead < 0x80 {
                index &+= 1
                continue
            }
            let length: Int
            var second: ClosedRange<UInt8> = 0x80...0xBF
            switch lead {
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; second = 0xA0...0xBF
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED: length = 3; second = 0x80...0x9F  // D800...DFFF are surrogates
            case 0xF0: length = 4; second = 0x90...0xBF
            case 0xF1...0xF3: length = 4
            case 0xF4: length = 4; second = 0x80...0x8F  // nothing above U+10FFFF
            default: return index
            }
            guard index + length <= count, second.contains(bytes[index + 1]) else { return index }
            for offset in 2..<length where !(0x80...0xBF).contains(bytes[index + offset]) { return index }
            index &+= length
        }
        return nil
    }
}
