import Foundation
import Logging
import Settings

/// How `serve` speaks: in text, `moonwire: …` lines on stderr and its announcements on stdout, as
/// always; in JSON (`--log-format json`), every line, the engine's included, is one JSON object
/// on stderr (``JSONLogHandler``).
struct ServeLog: Sendable {
    /// The engine's logger; nil in text mode, where the engine keeps its own.
    let engineLogger: Logger?
    private let logger: Logger?

    /// Sets up logging for `settings`; in JSON mode bootstraps swift-log once for the process.
    init(settings: MoonwireSettings) {
        let level = settings[.serveLogLevel].flatMap(Logger.Level.init(rawValue:)) ?? .info
        guard settings.logFormat == .json else {
            logger = nil
            // Text keeps the engine's own logger (warnings and worse) unless a level was chosen.
            if case .builtIn = settings.source(of: .serveLogLevel) {
                engineLogger = nil
            } else {
                var engine = Logger(label: "moonwire.engine") { label in StreamLogHandler.standardError(label: label) }
                engine.logLevel = level
                engineLogger = engine
            }
            return
        }
        let redaction = LogRedaction(secrets: settings.secrets)
        LoggingSystem.bootstrap { label in JSONLogHandler(label: label, level: level, redaction: redaction) }
        var logger = Logger(label: "moonwire.serve")
        logger.logLevel = level
        self.logger = logger
        var engine = Logger(label: "moonwire.engine")
        engine.logLevel = level
        engineLogger = engine
    }

    /// True when lines are JSON.
    var isJSON: Bool { logger != nil }

    /// A line about what serve does (a plugin loaded, a listener up).
    func info(_ text: String) { write(.info, text) }

    /// A line about something the operator should look at.
    func warning(_ text: String) { write(.warning, text) }

    /// A line scripts wait for (ready, listening, stopped): stdout in text mode.
    func announce(_ text: String) {
        if let logger {
            logger.notice("\(text)")
        } else {
            print(text)
            fflush(nil)
        }
    }

    /// What a plugin printed.
    func output(_ text: String) {
        logger?.info("\(text.hasSuffix("\n") ? String(text.dropLast()) : text)", metadata: ["source": "print"])
    }

    private func write(_ level: Logger.Level, _ text: String) {
        if let logger {
            logger.log(level: level, "\(text)")
        } else {
            StandardError.write("moonwire: \(text)")
        }
    }
}
