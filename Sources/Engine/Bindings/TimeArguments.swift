import Foundation
import LuaKit
import SMSCore

/// Durations and instants as Lua code writes them: `"3d"`, `"1h30m"` or a number of seconds;
/// an ISO 8601 instant, a wall time in a zone, or Unix seconds. A value that is neither raises.
enum TimeArguments {
    /// Argument `i` as a duration, with the text the journal records for it.
    static func duration(_ call: LuaCall, _ i: Int32, example: String) throws -> (Duration, String) {
        let value = try call.value(i)
        return (try duration(value, call: call, argument: i, example: example), text(value))
    }

    /// `value` as a duration; raises naming argument `i` otherwise.
    static func duration(_ value: LuaValue, call: LuaCall, argument i: Int32, example: String) throws -> Duration {
        do throws(SMSCoreError) {
            switch value {
            case .string(let s): return try DurationText.parse(s.text)
            case .integer, .number: return try DurationText.duration(seconds: value.numberValue ?? 0)
            default: break
            }
        } catch {
            throw call.argumentError(i, error.message)
        }
        throw call.argumentError(i, "a duration such as \"3d\", \"1h30m\" or a number of seconds expected, got \(value.typeName) (\(example))")
    }

    /// Argument `i` as an instant (local wall times read in `zone`), with the text the journal records.
    static func instant(_ call: LuaCall, _ i: Int32, example: String, zone: TimeZone = InstantText.defaultZone) throws -> (Date, String) {
        let value = try call.value(i)
        do throws(SMSCoreError) {
            switch value {
            case .string(let s): return (try InstantText.parse(s.text, in: zone), s.text)
            case .integer, .number: return (try InstantText.date(unixSeconds: value.numberValue ?? 0), text(value))
            default: break
            }
        } catch {
            throw call.argumentError(i, error.message)
        }
        throw call.argumentError(
            i, "a time such as \"2026-12-01T09:00:00+01:00\" or Unix seconds expected, got \(value.typeName) (\(example))")
    }

    /// How a duration or instant argument is written in the journal.
    static func text(_ value: LuaValue) -> String {
        switch value {
        case .string(let s): s.text
        case .integer(let i): String(i)
        case .number(let d): "\(d)"
        default: value.typeName
        }
    }
}
