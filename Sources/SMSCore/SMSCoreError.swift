/// An error raised by SMSCore: a stable machine-readable code and a message a user can act on.
public struct SMSCoreError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A stable identifier for the kind of failure, safe to match on and to show to scripts.
    public struct Code: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
        /// The code's text, e.g. `"too_short"`.
        public var rawValue: String
        /// Wraps a raw code string.
        public init(rawValue: String) { self.rawValue = rawValue }
        /// The raw code string.
        public var description: String { rawValue }

        /// The text cannot be a phone number at all (letters, symbols, misplaced `+`, empty).
        public static let invalidNumber = Code(rawValue: "invalid_number")
        /// The number has fewer digits than its numbering plan allows.
        public static let tooShort = Code(rawValue: "too_short")
        /// The number has more digits than its numbering plan (or E.164) allows.
        public static let tooLong = Code(rawValue: "too_long")
        /// The digits after `+` or `00` start with no assigned country calling code.
        public static let unknownCountryCode = Code(rawValue: "unknown_country_code")
        /// The default region given to the parser is not a known ISO 3166 region code.
        public static let unknownRegion = Code(rawValue: "unknown_region")
        /// The sender ID is neither a valid alphanumeric sender nor a numeric short or long code.
        public static let invalidSender = Code(rawValue: "invalid_sender")
        /// A price or currency from configuration cannot be used.
        public static let invalidPrice = Code(rawValue: "invalid_price")
        /// A recipient was given in a national or loose form where E.164 (`+33612345678`) is required.
        public static let notE164 = Code(rawValue: "not_e164")
        /// A message body is empty (or only whitespace).
        public static let emptyBody = Code(rawValue: "empty_body")
        /// A text holds a NUL character (U+0000): Moonwire stores text whole or not at all, and
        /// SQLite text ends at a NUL, so it is refused before anything is queued.
        public static let nulCharacter = Code(rawValue: "nul_character")
        /// A message body is longer than any provider accepts.
        public static let bodyTooLong = Code(rawValue: "body_too_long")
        /// A dedup key (external id) is empty, too long, or holds control characters.
        public static let invalidExternalID = Code(rawValue: "invalid_external_id")
        /// A message template cannot be parsed (an unclosed `{{`, a malformed field name).
        public static let invalidTemplate = Code(rawValue: "invalid_template")
        /// A template uses a field the contact does not have.
        public static let unknownTemplateField = Code(rawValue: "unknown_template_field")
        /// A duration cannot be read ("3x", "-5s", empty) or is too long.
        public static let invalidDuration = Code(rawValue: "invalid_duration")
        /// An instant cannot be read (not ISO 8601 or a local "YYYY-MM-DD HH:MM", no such date).
        public static let invalidTime = Code(rawValue: "invalid_time")
        /// A cron expression cannot be read (wrong field count, value out of range, bad step).
        public static let invalidCron = Code(rawValue: "invalid_cron")
    }

    /// What went wrong, as a stable code.
    public var code: Code
    /// What went wrong and how to fix it, naming the offending value.
    public var message: String

    /// Creates an error with a code and an actionable message.
    public init(code: Code, message: String) {
        self.code = code
        self.message = message
    }

    /// The message, prefixed by nothing: it is written to be shown as is.
    public var description: String { message }
}
