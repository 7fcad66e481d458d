/// Chooses the encoding of an SMS body and splits it into segments the way Twilio's calculator does.
///
/// Rules: extended grapheme clusters are atomic, except CR LF which counts as two characters that
/// may be split; GSM-7 holds 160 septets in one segment and 153 per part once concatenated, an
/// extension-table character costs 2 septets and is never split from its escape; UCS-2 holds 70
/// UTF-16 units, 67 per part, and never splits a surrogate pair. One deliberate difference: a
/// single cluster longer than a whole part (say 68 combining marks) is split between its scalars,
/// because a part that overflows could not be sent at all.
public struct Segmenter: Sendable {
    /// Creates a segmenter. It holds no state; one value can be shared freely.
    public init() {}

    /// Segments `text`, after replacing look-alike characters with GSM-7 ones when `smart` is true.
    public func segment(_ text: String, smart: Bool = false) -> Segmentation {
        guard smart else { return Self.segment(text) }
        let (replaced, replacements) = SmartEncoding.apply(to: text)
        var result = Self.segment(replaced)
        result.replacements = replacements
        return result
    }

    static func segment(_ text: String) -> Segmentation {
        if let result = text.utf8.withContiguousStorageIfAvailable({ segment(text, bytes: $0) }) {
            return result
        }
        var contiguous = text
        contiguous.makeContiguousUTF8()
        return contiguous.utf8.withContiguousStorageIfAvailable { segment(contiguous, bytes: $0) }!
    }

    private static func segment(_ text: String, bytes: UnsafeBufferPointer<UInt8>) -> Segmentation {
        // One pass that assumes GSM-7 and packs as it goes; the first character outside the
        // alphabet hands over to UCS-2. No two GSM characters form one cluster (CR LF aside, which
        // counts as two anyway), so here every scalar is a unit of its own.
        var packer = PartPacker(capacity: SMSEncoding.gsm7.multipartSegmentCapacity)
        let count = bytes.count
        var index = 0
        var ascii = true
        while index < count {
            let end = ASCIIWords.plainGSM7End(in: bytes, from: index)
            if end > index {
                packer.addRun(count: end &- index, at: index)
                index = end
                if index >= count { break }
            }
            let byte = bytes[index]
            if byte < 0x80 {
                let cost = GSM7Alphabet.septets(ascii: byte)
                if cost == 0 { return segmentUCS2(text, bytes: bytes, firstNonGSM: index, asciiPrefix: ascii) }
                packer.add(cost: cost, at: index)
                index &+= 1
            } else {
                let (value, length) = UTF8Decoding.scalar(in: bytes, at: index)
                let cost = GSM7Alphabet.septets(nonASCII: value)
                if cost == 0 { return segmentUCS2(text, bytes: bytes, firstNonGSM: index, asciiPrefix: ascii) }
                packer.add(cost: cost, at: index)
                index &+= length
                ascii = false
            }
        }
        // The empty message is one segment with one empty part, as in Twilio's calculator.
        let parts = packer.parts(of: text, singleCapacity: SMSEncoding.gsm7.singleSegmentCapacity)
        return Segmentation(
            encoding: .gsm7, segments: parts.count, characters: packer.total, parts: parts, nonGSM: [],
            replacements: [], text: text)
    }
}
