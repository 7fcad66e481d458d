/// Why one line of a `moonwire segments` batch could not be segmented; the batch goes on.
struct BatchLineError: Error, Sendable, Hashable {
    /// A stable identifier for the kind of failure, printed as the error object's `code`.
    struct Code: RawRepresentable, Sendable, Hashable {
        var rawValue: String

        /// The line has nothing but whitespace.
        static let emptyLine = Code(rawValue: "empty_line")
        /// The line is longer than `SegmentsBatch.maximumLineLength` bytes.
        static let lineTooLong = Code(rawValue: "line_too_long")
        /// The line's bytes are not UTF-8.
        static let invalidUTF8 = Code(rawValue: "invalid_utf8")
        /// The line is not one JSON value.
        static let invalidJSON = Code(rawValue: "invalid_json")
        /// The line, or its `text` field, is JSON but not a string.
        static let textNotString = Code(rawValue: "text_not_string")
        /// The line is an object without a `text` field.
        static let missingText = Code(rawValue: "missing_text")
        /// The line is an object with two `text` fields, so which one to check is a guess.
        static let duplicateText = Code(rawValue: "duplicate_text")
    }

    /// What went wrong, as a stable code.
    var code: Code
    /// What went wrong and how to fix it, naming the offending value.
    var message: String
}
