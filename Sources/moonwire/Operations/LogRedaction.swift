import Foundation

/// What a log line must not show: phone numbers (only their last 4 digits stay) and the
/// configured secrets (keys, tokens, passwords).
struct LogRedaction: Sendable {
    /// The configured secrets' values.
    let secrets: [String]

    /// `text` with each E.164 number shown as `+…5678` and each secret as `[REDACTED]`.
    func redact(_ text: String) -> String {
        var text = text
        for secret in secrets where secret.count >= 4 {
            text = text.replacingOccurrences(of: secret, with: "[REDACTED]")
        }
        return text.replacing(/\+\d{6,15}/) { match in Self.mask(String(match.output)) }
    }

    /// A number shown by its last 4 digits: `+…5678`.
    static func mask(_ number: String) -> String { "+…" + number.suffix(4) }

    /// The first E.164 number in `text`, masked.
    static func firstPhone(in text: String) -> String? {
        text.firstMatch(of: /\+\d{6,15}/).map { mask(String($0.output)) }
    }

    /// The plugin a line is about (`responder.lua`), when it names one.
    static func plugin(in text: String) -> String? {
        text.firstMatch(of: /[A-Za-z0-9_\-]+\.lua/).map { String($0.output) }
    }

    /// The flow run a line is about (`run 12`), when it names one.
    static func run(in text: String) -> Int? {
        text.firstMatch(of: /\brun (\d+)/).flatMap { Int($0.output.1) }
    }
}
