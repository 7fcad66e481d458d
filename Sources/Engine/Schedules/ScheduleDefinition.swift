import Foundation
import LuaKit
import SMSCore
import Storage

/// A schedule a plugin defined with `schedule.every` or `schedule.at`: a host-owned record whose
/// next fire the store keeps by name.
public struct ScheduleDefinition: Sendable {
    /// When it fires.
    public enum Timing: Sendable, Hashable {
        /// At every instant the cron expression matches in the zone.
        case every(CronExpression, TimeZone)
        /// Once.
        case at(Date)
    }

    /// The name it is stored under.
    public var name: String
    public var timing: Timing
    /// Run a fire missed while Moonwire was down once at start (true), or skip it.
    public var runMissed: Bool
    /// The plugin that defined it.
    public var plugin: String
    /// Where it was defined (`plugins/report.lua:3`).
    public var location: String
    let function: LuaReference
    /// The runtime whose state holds `function`.
    let owner: WeakPluginRuntime

    /// The fire after `instant`, nil when there is none (a one-shot, a cron that never matches).
    func nextFire(after instant: Date) -> Date? {
        switch timing {
        case .every(let cron, let zone): cron.next(after: instant, in: zone)
        case .at: nil
        }
    }

    /// The first fire of a new definition at `now`.
    func firstFire(now: Date) -> Date? {
        switch timing {
        case .every(let cron, let zone): cron.next(after: now, in: zone)
        case .at(let date): date
        }
    }

    /// The kind, spec and zone the store keeps.
    var stored: (kind: ScheduleRow.Kind, spec: String, tz: String) {
        switch timing {
        case .every(let cron, let zone): (.every, cron.source, zone.identifier)
        case .at(let date): (.at, date.formatted(.iso8601), "UTC")
        }
    }
}
