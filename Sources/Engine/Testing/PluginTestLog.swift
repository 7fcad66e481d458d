import Logging
import Synchronization

/// What one test's runtime said: what its scripts printed (shown under a failing test) and the
/// errors the engine logged (a handler or a flow that failed), which fail the test at the
/// `t:` call during which they happened.
final class PluginTestLog: Sendable {
    private struct State {
        var output = ""
        var errors: [String] = []
        var reported = 0
    }

    private let state = Mutex(State())

    /// Keeps `text` (what `print` wrote).
    func print(_ text: String) { state.withLock { $0.output += text } }

    /// Everything printed so far.
    var output: String { state.withLock { $0.output } }

    /// Keeps an error the engine logged.
    func error(_ message: String) { state.withLock { $0.errors.append(message) } }

    /// The errors logged since the last call.
    func takeNewErrors() -> [String] {
        state.withLock { s in
            defer { s.reported = s.errors.count }
            return Array(s.errors[s.reported...])
        }
    }

    /// A logger that keeps the engine's errors here and drops the rest.
    var logger: Logger {
        Logger(label: "moonwire.test") { _ in Handler(log: self) }
    }

    /// Forwards errors and worse to the log.
    struct Handler: LogHandler {
        let log: PluginTestLog
        var logLevel: Logger.Level = .error
        var metadata: Logger.Metadata = [:]

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            if event.level >= .error { log.error("\(event.message)") }
        }
    }
}
