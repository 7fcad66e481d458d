/// Collects the distinct grapheme clusters that forced UCS-2, in order of first appearance.
///
/// Each cluster is identified by a 64-bit key (its length and up to its first 7 bytes), so a
/// repeated `ç` costs an integer comparison. The first eight keys live inline; past that (Cyrillic
/// or CJK text) an open-addressing index takes over. Clusters are distinct when their bytes
/// differ, even if canonically equivalent (they cost differently).
struct NonGSMCollector {
    /// The clusters found so far, in order: this array becomes `Segmentation.nonGSM`.
    private(set) var strings: [String] = []
    private var inlineKeys: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0, 0, 0)
    private var keys: [UInt64] = []
    /// Slots holding `string index + 1`, 0 when empty; used once there are more than 8 clusters.
    private var slots: [Int32] = []

    private static let inlineLimit = 8

    /// Records the cluster at `range` of `bytes` unless an equal one was recorded before.
    mutating func insert(_ range: Range<Int>, in bytes: UnsafeBufferPointer<UInt8>) {
        let key = Self.key(range, in: bytes)
        let count = strings.count
        if count <= Self.inlineLimit {
            let found = withUnsafeBytes(of: inlineKeys) { raw -> Bool in
                let stored = raw.bindMemory(to: UInt64.self)
                for index in 0..<count where stored[index] == key && same(index, range, in: bytes) { return true }
                return false
            }
            if found { return }
            if count < Self.inlineLimit {
                withUnsafeMutableBytes(of: &inlineKeys) { $0.storeBytes(of: key, toByteOffset: count &* 8, as: UInt64.self) }
                if count == 0 { strings.reserveCapacity(4) }
                strings.append(Self.string(range, in: bytes))
                return
            }
            // The ninth distinct cluster: move to the indexed representation.
            keys = withUnsafeBytes(of: inlineKeys) { Array($0.bindMemory(to: UInt64.self)) }
            rebuildIndex(capacity: 64)
        }
        let mask = slots.count &- 1
        var slot = Self.hash(key) & mask
        while slots[slot] != 0 {
            let index = Int(slots[slot]) &- 1
            if keys[index] == key, same(index, range, in: bytes) { return }
            slot = (slot &+ 1) & mask
        }
        keys.append(key)
        strings.append(Self.string(range, in: bytes))
        slots[slot] = Int32(truncatingIfNeeded: strings.count)
        if strings.count &* 2 > slots.count { rebuildIndex(capacity: slots.count &* 2) }
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

    /// Whether the recorded cluster `index`, whose key matched, has the bytes of `range`.
    @inline(__always)
    private func same(_ index: Int, _ range: Range<Int>, in bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        // Keys hold the whole cluster up to 7 bytes; longer ones (emoji sequences) are compared.
        range.count <= 7 || strings[index].utf8.elementsEqual(UnsafeBufferPointer(rebasing: bytes[range]))
    }

    private static func string(_ range: Range<Int>, in bytes: UnsafeBufferPointer<UInt8>) -> String {
        let (value, length) = UTF8Decoding.scalar(in: bytes, at: range.lowerBound)
        // A single scalar needs no UTF-8 validation.
        if length == range.count { return String(Unicode.Scalar(value).unsafelyUnwrapped) }
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
