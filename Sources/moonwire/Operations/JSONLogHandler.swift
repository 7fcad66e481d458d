import Foundation
import Logging
import Synchronization

/// `serve --log-format json`: one JSON object per line on stderr, with `time`, `level`,
/// `message`, `label`, and `plugin`, `run` and `phone` (last 4 digits) when the line is about
/// one; metadata goes in as strings. Numbers and secrets are redacted from every field.
struct JSONLogHandler: LogHandler {
    /// One writer for all handlers, so lines from different threads never interleave.
    private static let output = Mutex(FileHandle.standardError)

    let label: String
    let redaction: LogRedaction
    var logLevel: Logger.Level
    var metadata: Logger.Metadata = [:]

    init(label: String, level: Logger.Level, redaction: LogRedaction) {
        self.label = label
        self.logLevel = level
        self.redaction = redaction
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let text = "\(event.message)"
        var object: [String: Any] = [
            "time": Date().formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true)),
            "level": event.level.rawValue,
            "label": label,
            "message": redaction.redact(text),
        ]
        if let plugin = LogRedaction.plugin(in: text) { object["plugin"] = plugin }
        if let run = LogRedaction.run(in: text) { object["run"] = run }
        if let phone = LogRedaction.firstPhone(in: text) { object["phone"] = phone }
        // Metadata never replaces the line's own fields (its message is the redacted one).
        for (key, value) in metadata.merging(event.metadata ?? [:], uniquingKeysWith: { $1 })
        where !["time", "level", "label", "message"].contains(key) {
            object[key] = key == "phone" ? LogRedaction.mask("\(value)") : redaction.redact("\(value)")
        }
        guard var data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]) else {
            return
        }
        data.append(0x0A)
        Self.output.withLock { $0.write(data) }
    }
}
