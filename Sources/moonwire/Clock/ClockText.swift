import Engine
import Foundation
import SMSCore

/// Durations and instants typed on the command line.
enum ClockText {
    /// "3d", "1h30m", "90" (seconds).
    static func duration(_ text: String) throws(EngineError) -> Duration {
        do throws(SMSCoreError) {
            return try DurationText.parse(text)
        } catch {
            throw EngineError(code: error.code.rawValue, message: error.message)
        }
    }

    /// ISO 8601, a Paris wall time, or Unix seconds.
    static func instant(_ text: String) throws(EngineError) -> Date {
        do throws(SMSCoreError) {
            if let seconds = Double(text) { return try InstantText.date(unixSeconds: seconds) }
            return try InstantText.parse(text)
        } catch {
            throw EngineError(code: error.code.rawValue, message: error.message)
        }
    }
}
