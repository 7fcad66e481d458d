extension String {
    /// True when this header name equals `other` ignoring ASCII case, as HTTP field names compare.
    /// Byte-wise: `lowercased()` or Foundation's `caseInsensitiveCompare` on every header of
    /// every response cost more than the rest of reading the headers.
    func equalsHeaderName(_ other: String) -> Bool {
        let a = utf8, b = other.utf8
        guard a.count == b.count else { return false }
        for (x, y) in zip(a, b) where x != y {
            // Only an ASCII letter may differ, and only by case.
            let lx = x | 0x20, ly = y | 0x20
            guard lx == ly, lx >= UInt8(ascii: "a"), lx <= UInt8(ascii: "z") else { return false }
        }
        return true
    }
}
