import Foundation
import LuaKit
import SMSCore
import Storage

extension Bindings {
    /// The zone cron expressions are read in when a schedule names none.
    static let defaultScheduleZone = "Europe/Paris"

    /// `schedule.every(cron, fn [, {tz=, name=, missed=}])`, `schedule.at(time, fn [, {name=, missed=, tz=}])`.
    func scheduleFunctions(_ engine: FlowEngine) -> [String: LuaFunction] {
        let plugin = self.plugin ?? "script"
        let store = services.store
        let clock = services.clock
        let owner = self.owner
        func define(_ call: LuaCall, kind: ScheduleRow.Kind) throws -> Int32 {
            let options = call.isNil(3) ? LuaTable() : try call.table(3)
            try Bindings.checkOptions(options, call: call, argument: 3, allowed: ["tz", "name", "missed"])
            let zoneName = options["tz"].stringValue ?? Bindings.defaultScheduleZone
            guard let zone = TimeZone(identifier: zoneName) else {
                throw call.argumentError(3, "unknown time zone '\(zoneName)': use an IANA name such as \"Europe/Paris\"")
            }
            let missedText = options["missed"].stringValue ?? ScheduleRow.Missed.run.rawValue
            guard let missed = ScheduleRow.Missed(rawValue: missedText) else {
                throw call.argumentError(3, "option 'missed' must be \"run\" (once, at start) or \"skip\", got \"\(missedText)\"")
            }
            let timing: ScheduleDefinition.Timing
            let spec: String
            if kind == .every {
                spec = try call.string(1)
                let cron: CronExpression
                do throws(SMSCoreError) {
                    cron = try CronExpression(spec)
                } catch {
                    throw call.argumentError(1, error.message)
                }
                guard cron.canMatch else {
                    throw call.argumentError(
                        1,
                        "'\(spec)' can never fire: no month has the day its day-of-month field names "
                            + "(February has at most 29 days; April, June, September and November 30): fix the day or the month")
                }
                timing = .every(cron, zone)
            } else {
                let (instant, text) = try TimeArguments.instant(
                    call, 1, example: "schedule.at(\"2026-12-01T09:00:00+01:00\", fn)", zone: zone)
                timing = .at(instant)
                spec = text
            }
            let function = try call.function(2)
            let name = options["name"].stringValue ?? "\(plugin): \(kind.rawValue) \(spec)" + (options["tz"] == .nil ? "" : " \(zoneName)")
            let definition = ScheduleDefinition(
                name: name, timing: timing, runMissed: missed == .run, plugin: plugin, location: call.callerLocation,
                function: function, owner: owner)
            guard engine.schedules.add(definition) else {
                throw call.argumentError(1, "a schedule named '\(name)' is already defined: give this one another name with {name = \"...\"}")
            }
            let stored = definition.stored
            let row = ScheduleRow(
                name: name, kind: stored.kind, spec: stored.spec, tz: stored.tz, missed: missed, plugin: plugin,
                nextFire: definition.firstFire(now: clock.now()).map(FlowEngine.instant), updatedAt: clock.now())
            return try call.suspend {
                _ = try await Bindings.storing { () async throws(StorageError) in try await store.defineSchedule(row) }
                return [.text(name)]
            }
        }
        return [
            "every": LuaFunction { call in try define(call, kind: .every) },
            "at": LuaFunction { call in try define(call, kind: .at) },
        ]
    }
}
