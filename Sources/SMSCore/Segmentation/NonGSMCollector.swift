/// Collects the distinct grapheme clusters that forced UCS-2, in order of first appearance.
///
/// Each cluster is identified by a 64-bit key (its length and up to its first 7 bytes), so a
/// repeated `ç` costs an integer comparison. Clusters are recorded as spans of the text and only
/// become strings once, in `strings(in:)`, into an array of the exact size. The first eight live
/// inline; past that (Cyrillic or CJK text) an open-addressing index takes over. Clusters are
/// distinct when their bytes differ, even if canonically equivalent (they cost differently).
struct NonGSMCollector {
    private(set) var count = 0
    private var inlineKeys: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0, 0, 0)
    /// Where each inline cluster is: its UTF-8 start and end offsets.
    private var inlineStarts: (Int, Int, Int, Int, Int, Int, Int, Int) = (0, 0, 0, 0, 0, 0, 0, 0)
    private var inlineEnds: (Int, Int, Int, Int, Int, Int, Int, Int) = (0, 0, 0, 0, 0, 0, 0, 0)
    private var keys: [UInt64] = []
    private var ranges: [Range<Int>] = []
    /// Slots holding `cluster index + 1`, 0 when empty; used once there are more than 8 clusters.
    private var slots: [Int32] = []

    private static let inlineLimit = 8

    /// Records the cluster at `range` of `bytes` unless an equal one was recorded before.
    mutating func insert(_ range: Range<Int>, in bytes: UnsafeBufferPointer<UInt8>) {
        let key = Self.key(range, in: bytes)
        let count = self.count
        if count <= Self.inlineLimit {
            let found = withUnsafeBytes(of: inlineKeys) { raw -> Bool in
                for index in 0..<count where raw.load(fromByteOffset: index &* 8, as: UInt64.self) == key {
                    if same(self.range(index), range, in: bytes) { return true }
                }
                return false
            }
            if found { return }
            if count < Self.inlineLimit {
                withUnsafeMutableBytes(of: &inlineKeys) { $0.storeBytes(of: key, toByteOffset: count &* 8, as: UInt64.self) }
                withUnsafeMutableBytes(of: &inlineStarts) { $0.storeBytes(of: range.lowerBound, toByteOffset: count &* 8, as: Int.self) }
                withUnsafeMutableBytes(of: &inlineEnds) { $0.storeBytes(of: range.upperBound, toByteOffset: count &* 8, as: Int.self) }
                self.count = count &+ 1
                return
            }
            // The ninth distinct cluster: move to the indexed representation.
            keys = withUnsafeBytes(of: inlineKeys) { Array($0.bindMemory(to: UInt64.self)) }
            ranges = (0..<count).map { self.range($0) }
            rebuildIndex(capacity: 64)
        }
        let mask = slots.count &- 1
        var slot = Self.hash(key) & mask
        while slots[slot] != 0 {
            let index = Int(slots[slot]) &- 1
            if keys[index] == key, same(ranges[index], range, in: bytes) { return }
            slot = (slot &+ 1) & mask
        }
        keys.append(key)
        ranges.append(range)
        self.count = count &+ 1
        slots[slot] = Int32(truncatingIfNeeded: count &+ 1)
        if (count &+ 1) &* 2 > slots.count { rebuildIndex(capacity: slots.count &* 2) }
    }

    /// The clusters recorded so far, in order: this array becomes `Segmentation.nonGSM`.
    func strings(in bytes: UnsafeBufferPointer<UInt8>) -> [String] {
        if count == 0 { return [] }
        return (0..<count).map { Self.string(range($0), in: bytes) }
    }

    private mutating func rebuildIndex(capacity: Int) {
        slots = [Int32](repeating: 0, count: capacity)
        let mask = capacity &- 1
        for (index, key) in keys.enumerated() {
            var slot = Self.hash(key) & mask
            while slots[slot] != 0 { slot = (slot &+ 1) & mask }
            slots[slot] = Int32(truncatingIfNeeded: index &+ 1)
        }
    }

    /// Where the `index`-th recorded cluster is in the text.
    @inline(__always)
    private func range(_ index: Int) -> Range<Int> {
        if count > Self.inlineLimit { return ranges[index] }
        let start = withUnsafeBytes(of: inlineStarts) { $0.load(fromByteOffset: index &* 8, as: Int.self) }
        let end = withUnsafeBytes(of: inlineEnds) { $0.load(fromByteOffset: index &* 8, as: Int.self) }
        return start..<end
    }

    /// Whether the recorded cluster at `recorded`, whose key matched, has the bytes of `range`.
    @inline(__always)
    private func same(_ recorded: Range<Int>, _ range: Range<Int>, in bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        // Keys hold the whole cluster up to 7 bytes; longer ones (emoji sequences) are compared.
        range.count <= 7
            || (recorded.count == range.count
                && UnsafeBufferPointer(rebasing: bytes[recorded]).elementsEqual(UnsafeBufferPointer(rebasing: bytes[range])))
    }

    private static func string(_ range: Range<Int>, in bytes: UnsafeBufferPointer<UInt8>) -> String {
        let (value, length) = UTF8Decoding.scalar(in: bytes, at: range.lowerBound)
        if length == range.count {
            // Most clusters are one scalar from a small set (accents, quotes): reuse a string.
            if let string = ScalarStrings.string(value) { return string }
            // A single scalar needs no UTF-8 validation.
            return String(Unicode.Scalar(value).unsafelyUnwrapped)
        }
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
    }

    @inline(__always)
    private static func hash(_ key: UInt64) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) &>> 40)
    }

    @inline(__always)
    private static func key(_ range: Range<Int>, in bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        let length = range.count
        var key = UInt64(truncatingIfNeeded: min(length, 255)) &<< 56
        let prefix = min(length, 7)
        if range.lowerBound &+ 8 <= bytes.count {
            let word = ASCIIWords.load(bytes, at: range.lowerBound).littleEndian
            key |= word & ((1 &<< UInt64(prefix &* 8)) &- 1)
        } else {
            var shift: UInt64 = 0
            for index in range.lowerBound..<(range.lowerBound &+ prefix) {
                key |= UInt64(bytes[index]) &<< shift
                shift &+= 8
            }
        }
        return key
    }
}
