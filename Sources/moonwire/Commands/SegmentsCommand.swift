import ArgumentParser
import Foundation
import SMSCore

/// `moonwire segments [--smart] [--json] [TEXT]`: how a message is encoded and split into SMS segments.
struct SegmentsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "segments",
        abstract: "Show how a message is encoded and split into SMS segments, or check a whole list.",
        discussion: """
            Every segment is billed. A message stays in GSM-7 (160 characters in one segment, 153 \
            per segment once split) only if every character is in the GSM alphabet; one character \
            outside it, an emoji, a curly quote or a "ç" (but not "Ç"), switches the whole message \
            to UCS-2 (70 characters, then 67 per segment). Counts follow Twilio's segment calculator.

            With TEXT, prints a summary:
              Encoding    GSM-7 or UCS-2, and the characters that forced UCS-2
              Segments    how many SMS will be billed
              Characters  septets for GSM-7 (€ [ ] { } | ^ ~ \\ cost 2 each),
                          UTF-16 units for UCS-2 (most emoji cost 2)
              Part        the text of each segment, after its cost in [brackets]
            The characters that forced UCS-2 are highlighted when stdout is a terminal (set \
            NO_COLOR to turn that off). When --smart would bring the message down to GSM-7, a Tip \
            line says so.

            With --json, prints one JSON object instead: encoding ("GSM-7" or "UCS-2"), segments, \
            characters, parts (array of strings), non_gsm (array of the characters that forced \
            UCS-2). With --smart it adds replacements (array of {original, replacement, count}) and \
            text (the message after replacement: the one to send).

            --smart replaces look-alikes that have a GSM-7 equivalent: curly quotes and guillemets, \
            dashes, the ellipsis, no-break spaces, zero-width characters and fullwidth ASCII. \
            Accented letters are never changed.

            Without TEXT, reads JSON Lines from stdin: the batch mode, for checking a list before \
            a campaign. Each line is a JSON string ("Bonjour") or an object with a "text" field \
            ({"id": 7, "text": "Bonjour"}; other fields are ignored). Writes one JSON object per \
            input line, in the same order, as results come: "line" (the line number, from 1) and \
            the --json fields above, or "line" and "error": {"code", "message"}. A bad line does \
            not stop the batch. A CR before the LF is ignored; --json is implied. Error codes:
              empty_line       a blank line: an error, so that output line N always answers
                               input line N (write "" for an empty message)
              line_too_long    over 64 KiB (65536 bytes), not counting the line break
              invalid_utf8     bytes that are not UTF-8 (convert with iconv)
              invalid_json     not one JSON value
              text_not_string  the line, or its "text", is a number, null, an array...
              missing_text     an object without "text"
              duplicate_text   an object with two "text" fields

            Exit status: 0 on success. In batch mode, 1 if any line got an error object (the \
            others are still answered, and a summary goes to stderr); 2 if stdin could not be \
            read or stdout written.

            Examples:
              moonwire segments "Bonjour ça va ?"
              moonwire segments --smart "C’est l’été…"
              moonwire segments --json "Ton code : 4242 😀"
              printf '"Bonjour"\\n{"text": "Ça va ?"}\\n' | moonwire segments
              moonwire segments --smart < campaign.jsonl > segments.jsonl
            """)

    @Flag(name: .long, help: "Replace look-alike characters (curly quotes, dashes, no-break spaces...) with GSM-7 ones first, and say what changed.")
    var smart = false

    @Flag(name: .long, help: "Print one JSON object instead of the summary (batch mode always prints JSON Lines).")
    var json = false

    @Argument(help: ArgumentHelp("The message, quoted. Without it, JSON Lines are read from stdin.", valueName: "text"))
    var text: String?

    // Catches an unquoted message, to answer with how to quote it rather than "unexpected argument".
    @Argument(help: .hidden)
    var extra: [String] = []

    func validate() throws {
        if let text, !extra.isEmpty {
            let words = ([text] + extra).joined(separator: " ")
            throw ValidationError(
                "segments takes one TEXT, got \(extra.count + 1) arguments: quote the message, e.g. moonwire segments \"\(words)\"")
        }
        if text == nil, isatty(STDIN_FILENO) == 1 {
            // Waiting silently on a terminal looks like a hang.
            throw ValidationError(
                "no TEXT and stdin is a terminal: give the message, e.g. moonwire segments \"Bonjour ça va ?\", or pipe JSON Lines, e.g. moonwire segments < messages.jsonl")
        }
    }

    func run() throws {
        guard let text else { return try runBatch() }
        let segmenter = Segmenter()
        let segmentation = segmenter.segment(text, smart: smart)
        if json {
            print(segmentation.json(smart: smart))
            return
        }
        let noColour = !(ProcessInfo.processInfo.environment["NO_COLOR"] ?? "").isEmpty  // no-color.org
        let colour = isatty(STDOUT_FILENO) == 1 && !noColour
        let report = SegmentsReport(
            segmentation: segmentation, smart: smart,
            smartAlternative: smart || segmentation.encoding == .gsm7 ? nil : segmenter.segment(text, smart: true),
            colour: colour)
        print(report.render(), terminator: "")
    }

    private func runBatch() throws {
        let summary: SegmentsBatch.Summary
        do throws(BatchIOError) {
            summary = try SegmentsBatch(smart: smart).run(input: STDIN_FILENO, output: STDOUT_FILENO)
        } catch {
            StandardError.write("moonwire: \(error.message)")
            throw ExitCode(2)
        }
        if let first = summary.firstFailure {
            let noun = summary.failures == 1 ? "line" : "lines"
            StandardError.write(
                "moonwire: \(summary.failures) \(noun) of \(summary.lines) could not be segmented (see their \"error\" objects); first, line \(first.line): \(first.error.code.rawValue): \(first.error.message)")
            throw ExitCode(1)
        }
    }
}
