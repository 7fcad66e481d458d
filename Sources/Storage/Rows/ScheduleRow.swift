import Foundation

/// A schedule a plugin defined (`schedule.every`, `schedule.at`), persisted by name so a restart
/// knows what it missed.
public struct ScheduleRow: Sendable, Hashable {
    public var name: String
    /// Cron (`every`) or once (`at`).
    public var kind: Kind
    /// The cron expression, or the instant (ISO 8601).
    public var spec: String
    /// The time zone the cron expression is read in.
    public var tz: String
    /// What a fire missed while Moonwire was down becomes.
    public var missed: Missed
    /// The plugin that defined it.
    public var plugin: String
    /// The next fire; nil once a one-shot fired.
    public var nextFire: Date?
    public var lastFire: Date?
    public var updatedAt: Date

    /// A schedule.
    public init(
        name: String, kind: Kind, spec: String, tz: String, missed: Missed, plugin: String, nextFire: Date?,
        lastFire: Date? = nil, updatedAt: Date
    ) {
        self.name = name
        self.kind = kind
        self.spec = spec
        self.tz = tz
        self.missed = missed
        self.plugin = plugin
        self.nextFire = nextFire
        self.lastFire = lastFire
        self.updatedAt = updatedAt
    }
}
