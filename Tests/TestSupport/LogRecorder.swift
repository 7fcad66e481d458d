import Logging
import Synchronization

/// A swift-log handler that keeps every line (message and metadata, rendered), at every level.
public final class LogRecorder: Sendable {
    private let lines = Mutex<[String]>([])

    /// An empty recorder.
    public init() {}

    /// Every line recorded so far.
    public var recorded: [String] { lines.withLock { $0 } }

    /// A logger at `.trace` writing here.
    public func logger(label: String = "test") -> Logger {
        var logger = Logger(label: label) { _ in Handler(recorder: self) }
        logger.logLevel = .trace
        return logger
    }

    public func append(_ line: String) { lines.withLock { $0.append(line) } }

    struct Handler: LogHandler {
        let recorder: LogRecorder
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace
        var metadataProvider: Logger.MetadataProvider?

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            let all = metadata.merging(event.metadata ?? [:]) { $1 }
            let rendered = all.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
            let error = event.error.map { " error=\($0)" } ?? ""
            recorder.append("\(event.level) \(event.message) \(rendered)\(error)")
        }
    }
}
