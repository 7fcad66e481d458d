import Foundation
import PostgresNIO
import Storage

extension ScheduleRow: PostgresMapped {
    static let columns = "name, kind, spec, tz, missed, plugin, next_fire, last_fire, updated_at"

    init(postgres c: PostgresColumns) throws {
        self.init(
            name: try c("name"), kind: try c.vocabulary("kind"), spec: try c("spec"), tz: try c("tz"), missed: try c.vocabulary("missed"),
            plugin: try c("plugin"), nextFire: try c("next_fire"), lastFire: try c("last_fire"), updatedAt: try c("updated_at"))
    }
}
