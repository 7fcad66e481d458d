/// A message ready to send: the recipient in E.164, a checked sender and body, and its segments.
public struct OutboundMessage: Sendable, Hashable {
    /// The recipient.
    public var to: PhoneNumber
    /// The sender id; nil lets the provider use the account's default.
    public var from: SenderID?
    /// The text as it will be sent.
    public var body: String
    /// The caller's dedup key, if any.
    public var externalID: String?
    /// How the body encodes and splits.
    public var segmentation: Segmentation

    /// The longest body accepted, in industry characters (septets or UTF-16 units): Conerix's cap,
    /// about ten segments.
    public static let maxCharacters = 1_600
    /// The longest dedup key accepted, in bytes.
    public static let maxExternalIDLength = 128

    /// Validates the parts of a send as a script or the CLI gives them.
    /// - Parameters:
    ///   - to: the recipient; must already be E.164 (`+33612345678`): a national form is refused
    ///     with a hint rather than guessed at.
    ///   - body: non-empty, at most ``maxCharacters``.
    ///   - from: an alphanumeric sender (up to 11) or a numeric code; nil for the default.
    ///   - externalID: a dedup key, 1 to ``maxExternalIDLength`` bytes, no control characters.
    public static func validate(
        to: String, body: String, from: String? = nil, externalID: String? = nil, region: String = "FR"
    ) throws(SMSCoreError) -> OutboundMessage {
        let number = try recipient(to, region: region)
        return try OutboundMessage(to: number, content: content(body: body, from: from), externalID: externalID)
    }

    /// What every recipient of a send shares: the checked body, its segments, and the sender.
    public struct Content: Sendable, Hashable {
        public var body: String
        public var from: SenderID?
        public var segmentation: Segmentation
    }

    /// Checks a body (non-empty, at most ``maxCharacters``) and a sender, and segments the body.
    public static func content(body: String, from: String? = nil) throws(SMSCoreError) -> Content {
        guard !body.allSatisfy({ $0.isWhitespace }) else {
            throw SMSCoreError(code: .emptyBody, message: "the message body is empty: give the text to send in `body`")
        }
        if let position = body.nulPosition {
            throw SMSCoreError(
                code: .nulCharacter,
                message: "the message body holds a NUL character (\\0) at character \(position): an SMS cannot carry it "
                    + "and Moonwire never sends or stores a cut body; remove it (in Lua: body:gsub(\"\\0\", \"\"))")
        }
        let segmentation = Segmenter().segment(body)
        guard segmentation.characters <= maxCharacters else {
            throw SMSCoreError(
                code: .bodyTooLong,
                message: "the message body is \(segmentation.characters) characters (\(segmentation.segments) "
                    + "\(segmentation.encoding.rawValue) segments); the limit is \(maxCharacters): "
                    + "shorten it or split it into several messages")
        }
        let sender: SenderID?
        if let from { sender = try SenderID.parse(from) } else { sender = nil }
        return Content(body: body, from: sender, segmentation: segmentation)
    }

    /// Parses a recipient that must be written in E.164 (`not_e164` with the E.164 form otherwise).
    public static func recipient(_ text: String, region: String) throws(SMSCoreError) -> PhoneNumber {
        let number = try PhoneNumber.parse(text, region: region)
        guard number.e164 == text else {
            throw SMSCoreError(
                code: .notE164,
                message: "\"\(text)\" is not an E.164 number: write it as \(number.e164) "
                    + "(sms.normalize or `moonwire number` converts numbers as people write them)")
        }
        return number
    }

    /// Checks a caller's `external_id`: 1 to ``maxExternalIDLength`` bytes, no control characters.
    public static func checkExternalID(_ key: String) throws(SMSCoreError) {
        guard !key.isEmpty, key.utf8.count <= maxExternalIDLength,
            !key.unicodeScalars.contains(where: { $0.properties.generalCategory == .control })
        else {
            throw SMSCoreError(
                code: .invalidExternalID,
                message: "external_id \"\(key.prefix(40))\(key.count > 40 ? "…" : "")\" must be 1 to "
                    + "\(maxExternalIDLength) bytes with no control characters")
        }
    }
}

extension OutboundMessage {
    /// A message for `to` with content checked once for all its recipients (a bulk send
    /// segments its body once, not once per recipient).
    public init(to: PhoneNumber, content: Content, externalID: String? = nil) throws(SMSCoreError) {
        if let externalID { try OutboundMessage.checkExternalID(externalID) }
        self.init(to: to, from: content.from, body: content.body, externalID: externalID, segmentation: content.segmentation)
    }
}
