/// How a message body is encoded and split into SMS segments.
///
/// Counting follows Twilio's segment calculator, except that `characters` counts UTF-16 units
/// (not grapheme clusters) for UCS-2, because that is what the operator bills against.
public struct Segmentation: Sendable, Hashable {
    /// GSM-7 when every character is in the GSM 03.38 alphabet, UCS-2 otherwise.
    public var encoding: SMSEncoding
    /// Number of SMS segments; at least 1 (the empty message is one segment).
    public var segments: Int
    /// Septets for GSM-7 (extension characters count 2), UTF-16 code units for UCS-2.
    public var characters: Int
    /// The text of each segment, as slices of `text` (no copies); they concatenate to `text`.
    /// The empty message has `[""]`. Use `String(part)` to keep a part apart from the message.
    public var parts: [Substring]
    /// Grapheme clusters that forced UCS-2, each once, in order of first appearance.
    public var nonGSM: [String]
    /// What smart encoding replaced; empty unless it was requested and changed something.
    public var replacements: [SmartReplacement]
    /// The text that was segmented: the input, after smart replacement when requested.
    public var text: String

    /// Creates a segmentation result.
    public init(
        encoding: SMSEncoding, segments: Int, characters: Int, parts: [Substring], nonGSM: [String],
        replacements: [SmartReplacement], text: String
    ) {
        self.encoding = encoding
        self.segments = segments
        self.characters = characters
        self.parts = parts
        self.nonGSM = nonGSM
        self.replacements = replacements
        self.text = text
    }

    /// Units each part may hold given the segment count: 160/70 for one segment, 153/67 otherwise.
    public var capacityPerSegment: Int {
        segments == 1 ? encoding.singleSegmentCapacity : encoding.multipartSegmentCapacity
    }
}
