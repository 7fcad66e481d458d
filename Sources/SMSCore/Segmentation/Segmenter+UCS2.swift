extension Segmenter {
    /// Segments a text known to need UCS-2.
    ///
    /// Grapheme segmentation is costly, so it only runs on windows around scalars that can join a
    /// cluster (marks, emoji, joiners, most non-Latin scripts). Between two standalone scalars
    /// (see `UTF8Decoding.isStandalone`) there is always a boundary, so a window starts and ends on
    /// such a scalar and is segmented on its own; everything else is one unit per scalar.
    ///
    /// - Parameters:
    ///   - firstNonGSM: where the first non-GSM scalar starts; everything before it is GSM-7.
    ///   - asciiPrefix: whether everything before `firstNonGSM` is ASCII (one byte per unit).
    static func segmentUCS2(
        _ text: String, bytes: UnsafeBufferPointer<UInt8>, firstNonGSM: Int, asciiPrefix: Bool
    ) -> Segmentation {
        var state = UCS2State()
        let count = bytes.count
        // A standalone scalar held back because the scalar after it may join it (a mark, a joiner).
        var pending = -1
        var pendingLength = 0
        var pendingValue: UInt32 = 0
        // Everything before `firstNonGSM` is GSM-7, hence standalone and one UTF-16 unit per scalar.
        if firstNonGSM > 0 {
            var last = firstNonGSM &- 1
            while bytes[last] & 0xC0 == 0x80 { last &-= 1 }
            if asciiPrefix {
                state.packer.addRun(count: last, at: 0)
            } else {
                state.packer.addScalars(in: bytes, 0..<last)
            }
            (pendingValue, pendingLength) = UTF8Decoding.scalar(in: bytes, at: last)
            pending = last
        }
        var index = firstNonGSM
        while index < count {
            let end = ASCIIWords.plainUCS2End(in: bytes, from: index)
            if end > index {
                // Standalone GSM characters, one unit each.
                if pending >= 0 {
                    state.addStandalone(at: pending, length: pendingLength, value: pendingValue, in: bytes)
                    pending = -1
                }
                if end < count, bytes[end] >= 0xCC {
                    // What follows may join the last character: hold it back.
                    state.packer.addRun(count: end &- index &- 1, at: index)
                    (pending, pendingLength, pendingValue) = (end &- 1, 1, UInt32(bytes[end &- 1]))
                } else {
                    state.packer.addRun(count: end &- index, at: index)
                }
                index = end
                if index >= count { break }
            }
            let (value, length) = UTF8Decoding.scalar(in: bytes, at: index)
            if !UTF8Decoding.isStandalone(value) {
                let windowStart = pending >= 0 ? pending : index
                pending = -1
                let windowEnd = endOfWindow(from: index, in: bytes)
                state.addClusters(of: text, utf8Range: windowStart..<windowEnd, bytes: bytes)
                index = windowEnd
                continue
            }
            if pending >= 0 {
                state.addStandalone(at: pending, length: pendingLength, value: pendingValue, in: bytes)
                pending = -1
            }
            let next = index &+ length
            // A lead byte from 0xCC starts a scalar from U+0300, which may join this one.
            if next < count, bytes[next] >= 0xCC {
                (pending, pendingLength, pendingValue) = (index, length, value)
            } else {
                state.addStandalone(at: index, length: length, value: value, in: bytes)
            }
            index = next
        }
        if pending >= 0 { state.addStandalone(at: pending, length: pendingLength, value: pendingValue, in: bytes) }
        let parts = state.packer.parts(
            of: text, singleCapacity: SMSEncoding.ucs2.singleSegmentCapacity)
        return Segmentation(
            encoding: .ucs2, segments: parts.count, characters: state.packer.total, parts: parts,
            nonGSM: state.nonGSM.strings(in: bytes), replacements: [], text: text)
    }

    /// End of the window that starts with the non-standalone scalar at `index`: just after the first
    /// standalone scalar that is followed by another standalone scalar or by the end of the text.
    private static func endOfWindow(from index: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var index = index
        var previousWasStandalone = false
        while index < bytes.count {
            let (value, length) = UTF8Decoding.scalar(in: bytes, at: index)
            let standalone = UTF8Decoding.isStandalone(value)
            if standalone, previousWasStandalone { return index }
            previousWasStandalone = standalone
            index &+= length
        }
        return index
    }
}
