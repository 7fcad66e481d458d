/// Eight-bytes-at-a-time tests for runs of plain ASCII, the bulk of most SMS bodies.
///
/// `atLeast(word, n)` sets the high bit of each byte that is >= n. Setting every high bit before
/// subtracting keeps each byte >= 0x80 >= n, so no borrow crosses bytes and the test is exact.
enum ASCIIWords {
    private static let ones: UInt64 = 0x0101_0101_0101_0101
    private static let highBits: UInt64 = 0x8080_8080_8080_8080

    /// The 8 bytes at `index` (which must leave 8 bytes), in memory order.
    @inline(__always)
    static func load(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> UInt64 {
        UnsafeRawPointer(bytes.baseAddress!).loadUnaligned(fromByteOffset: index, as: UInt64.self)
    }

    /// The up to 7 bytes left at `index` (fewer than 8), zero-padded: a zero byte is never plain,
    /// so the prefix tests stop at the end of the text.
    @inline(__always)
    static func loadTail(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> UInt64 {
        var word: UInt64 = 0
        var shift: UInt64 = 0
        for offset in index..<bytes.count {
            word |= UInt64(bytes[offset]) &<< shift
            shift &+= 8
        }
        return UInt64(littleEndian: word)
    }

    /// Where the run of `plainGSM7Prefix` bytes that starts at `index` ends. Scanning the whole
    /// run before packing it keeps the loop down to the test itself.
    @inline(__always)
    static func plainGSM7End(in bytes: UnsafeBufferPointer<UInt8>, from index: Int) -> Int {
        var index = index
        // Sixteen bytes per step while they are all plain: one test instead of two counts.
        while index &+ 16 <= bytes.count,
            plainGSM7Bits(load(bytes, at: index)) & plainGSM7Bits(load(bytes, at: index &+ 8)) == highBits
        {
            index &+= 16
        }
        while index &+ 8 <= bytes.count {
            let plain = plainGSM7Prefix(load(bytes, at: index))
            index &+= plain
            if plain < 8 { return index }
        }
        return index < bytes.count ? index &+ plainGSM7Prefix(loadTail(bytes, at: index)) : index
    }

    /// Where the run of `plainUCS2Prefix` bytes that starts at `index` ends.
    @inline(__always)
    static func plainUCS2End(in bytes: UnsafeBufferPointer<UInt8>, from index: Int) -> Int {
        var index = index
        while index &+ 16 <= bytes.count,
            plainUCS2Bits(load(bytes, at: index)) & plainUCS2Bits(load(bytes, at: index &+ 8)) == highBits
        {
            index &+= 16
        }
        while index &+ 8 <= bytes.count {
            let plain = plainUCS2Prefix(load(bytes, at: index))
            index &+= plain
            if plain < 8 { return index }
        }
        return index < bytes.count ? index &+ plainUCS2Prefix(loadTail(bytes, at: index)) : index
    }

    @inline(__always)
    private static func atLeast(_ word: UInt64, _ n: UInt64) -> UInt64 {
        ((word | highBits) &- ones &* n) & highBits
    }

    /// How many of the 8 bytes, from the first, are single-septet GSM characters that never join a
    /// cluster: 0x20...0x5A, `_` and a-z (no controls, no extension characters, no backtick).
    @inline(__always)
    static func plainGSM7Prefix(_ word: UInt64) -> Int {
        leadingGoodBytes(plainGSM7Bits(word))
    }

    /// The high bit of each plain GSM-7 byte of `word` (see `plainGSM7Prefix`).
    @inline(__always)
    private static func plainGSM7Bits(_ word: UInt64) -> UInt64 {
        let brackets = atLeast(word, 0x5B) & ~atLeast(word, 0x5F)  // [ \ ] ^
        let backtick = atLeast(word, 0x60) & ~atLeast(word, 0x61)
        return atLeast(word, 0x20) & ~atLeast(word, 0x7B) & ~brackets & ~backtick & ~word & highBits
    }

    /// How many of the 8 bytes, from the first, are printable ASCII GSM characters, extension
    /// table included: in UCS-2 each is one standalone unit that needs no reporting
    /// (0x20...0x7E except the backtick).
    @inline(__always)
    static func plainUCS2Prefix(_ word: UInt64) -> Int {
        leadingGoodBytes(plainUCS2Bits(word))
    }

    /// The high bit of each plain UCS-2 byte of `word` (see `plainUCS2Prefix`).
    @inline(__always)
    private static func plainUCS2Bits(_ word: UInt64) -> UInt64 {
        let backtick = atLeast(word, 0x60) & ~atLeast(word, 0x61)
        return atLeast(word, 0x20) & ~atLeast(word, 0x7F) & ~backtick & ~word & highBits
    }

    /// How many of the 8 bytes start a scalar (are not UTF-8 continuation bytes 10xxxxxx).
    @inline(__always)
    static func scalarStarts(_ word: UInt64) -> Int {
        let continuation = word & ~(word &<< 1) & highBits
        return 8 &- continuation.nonzeroBitCount
    }

    /// Bytes before the first one whose high bit is clear in `good`, counting in memory order.
    @inline(__always)
    private static func leadingGoodBytes(_ good: UInt64) -> Int {
        // The first byte in memory is the least significant once read as little-endian.
        (~good & highBits).littleEndian.trailingZeroBitCount &>> 3
    }
}
