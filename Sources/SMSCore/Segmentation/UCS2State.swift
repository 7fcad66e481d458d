/// Running state of UCS-2 segmentation: the packer and the clusters that forced UCS-2.
struct UCS2State {
    var packer = PartPacker(capacity: SMSEncoding.ucs2.multipartSegmentCapacity)
    var nonGSM = NonGSMCollector()

    /// Adds a standalone scalar: one UTF-16 unit, two for a 4-byte (supplementary) emoji.
    @inline(__always)
    mutating func addStandalone(at index: Int, length: Int, value: UInt32, in bytes: UnsafeBufferPointer<UInt8>) {
        if GSM7Alphabet.septets(scalarValue: value) == 0 { nonGSM.insert(index..<(index &+ length), in: bytes) }
        packer.add(cost: length == 4 ? 2 : 1, at: index)
    }

    /// Adds the extended grapheme clusters of a window of `text`, as the standard library finds
    /// them: the window starts on a cluster boundary, so its Substring's characters are the text's.
    mutating func addClusters(of text: String, utf8Range: Range<Int>, bytes: UnsafeBufferPointer<UInt8>) {
        // Most windows are a few emoji or accents: a walk that proves their boundaries is much
        // cheaper than the standard library's segmentation. It may give up midway, so it first
        // runs without recording anything.
        if SimpleGraphemes.walk(bytes, utf8Range, boundary: { _ in }) {
            var start = utf8Range.lowerBound
            _ = SimpleGraphemes.walk(bytes, utf8Range) { end in
                addCluster(start..<end, bytes: bytes)
                start = end
            }
            return
        }
        let utf8 = text.utf8
        let lower = utf8.index(utf8.startIndex, offsetBy: utf8Range.lowerBound)
        let upper = utf8.index(lower, offsetBy: utf8Range.count)
        let window = text[lower..<upper]
        var position = window.startIndex
        var start = utf8Range.lowerBound
        while position < window.endIndex {
            position = window.index(after: position)
            let end = utf8.distance(from: utf8.startIndex, to: position)  // O(1) on native UTF-8
            addCluster(start..<end, bytes: bytes)
            start = end
        }
    }

    private mutating func addCluster(_ range: Range<Int>, bytes: UnsafeBufferPointer<UInt8>) {
        let start = range.lowerBound
        let length = range.count
        if length == 2, bytes[start] == 0x0D, bytes[start &+ 1] == 0x0A {
            // CR LF is one Character in Swift but two SMS characters, separable like Twilio's.
            packer.add(cost: 1, at: start)
            packer.add(cost: 1, at: start &+ 1)
            return
        }
        let (value, firstLength) = UTF8Decoding.scalar(in: bytes, at: start)
        if firstLength == length {
            if GSM7Alphabet.septets(scalarValue: value) == 0 { nonGSM.insert(range, in: bytes) }
            packer.add(cost: length == 4 ? 2 : 1, at: start)
            return
        }
        // Several scalars in one cluster: never GSM-7 (only CR LF could be, handled above).
        nonGSM.insert(range, in: bytes)
        var units = 0
        for index in range where bytes[index] & 0xC0 != 0x80 {
            units &+= bytes[index] >= 0xF0 ? 2 : 1
        }
        if units <= packer.capacity {
            packer.add(cost: units, at: start)
            return
        }
        // Larger than a whole part: split between scalars, never inside a surrogate pair.
        var index = start
        while index < range.upperBound {
            let scalarLength = UTF8Decoding.scalar(in: bytes, at: index).length
            packer.add(cost: scalarLength == 4 ? 2 : 1, at: index)
            index &+= scalarLength
        }
    }
}
