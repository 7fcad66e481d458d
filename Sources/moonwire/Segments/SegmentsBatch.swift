import SMSCore

/// Batch mode of `moonwire segments`: JSON Lines in, one JSON object per line out, in order.
///
/// Each output object starts with `"line": N` (1-based); a good line adds the segmentation's
/// fields, a bad one adds `"error": {"code", "message"}` and the batch goes on.
struct SegmentsBatch {
    /// The longest line accepted, in bytes without the line break: far above any SMS body (Conerix
    /// caps one at 1,600 characters, under 10 KiB even with every character \u-escaped), low
    /// enough that a file without line breaks cannot fill memory.
    static let maximumLineLength = 64 * 1024

    /// How a batch went.
    struct Summary: Sendable {
        /// Lines read, good and bad.
        var lines = 0
        /// Lines answered with an error object.
        var failures = 0
        /// The first failing line's number and error, for the summary on stderr.
        var firstFailure: (line: Int, error: BatchLineError)?
    }

    /// Whether to apply smart encoding to every line (and report `replacements` and `text`).
    var smart: Bool

    /// Segments every line of `input` and writes the results to `output`, flushing as it goes.
    func run(input: Int32, output: Int32) throws(BatchIOError) -> Summary {
        let reader = LineReader(fileDescriptor: input, maximumLineLength: Self.maximumLineLength)
        let out = OutputBuffer(fileDescriptor: output)
        let segmenter = Segmenter()
        let smart = self.smart
        var summary = Summary()
        try reader.forEachLine(beforeWaiting: out.flush) { (line) throws(BatchIOError) in
            summary.lines += 1
            out.bytes.append(contentsOf: #"{"line":"#.utf8)
            JSONString.append(summary.lines, to: &out.bytes)
            out.bytes.append(UInt8(ascii: ","))
            do throws(BatchLineError) {
                let text: String
                switch line {
                case .content(let bytes):
                    text = try JSONLineParser.text(in: bytes)
                case .tooLong(let byteCount):
                    throw BatchLineError(
                        code: .lineTooLong,
                        message: "the line has \(byteCount) bytes, over the limit of \(Self.maximumLineLength): put one message per line (an SMS body is at most a few thousand characters)")
                }
                segmenter.segment(text, smart: smart).appendJSONMembers(to: &out.bytes, smart: smart)
            } catch {
                summary.failures += 1
                if summary.firstFailure == nil { summary.firstFailure = (summary.lines, error) }
                out.bytes.append(contentsOf: #""error":{"code":"#.utf8)
                JSONString.append(error.code.rawValue, to: &out.bytes)
                out.bytes.append(contentsOf: #","message":"#.utf8)
                JSONString.append(error.message, to: &out.bytes)
                out.bytes.append(UInt8(ascii: "}"))
            }
            out.bytes.append(contentsOf: "}\n".utf8)
            try out.flushIfFull()
        }
        try out.flush()
        return summary
    }
}
