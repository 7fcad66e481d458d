import Foundation
import GRDB
import Storage

extension ScheduleRow: SQLiteMapped {
    static var tableName: String { "schedule" }

    init(row: Row) throws {
        self.init(
            name: row["name"], kind: try row.vocabulary("kind", table: "schedule", row: row["name"]), spec: row["spec"],
            tz: row["tz"], missed: try row.vocabulary("missed", table: "schedule", row: row["name"]), plugin: row["plugin"],
            nextFire: row["next_fire"], lastFire: row["last_fire"], updatedAt: row["updated_at"])
    }

    func encode(to container: inout PersistenceContainer) {
        container["name"] = name
        container["kind"] = kind.rawValue
        container["spec"] = spec
        container["tz"] = tz
        container["missed"] = missed.rawValue
        container["plugin"] = plugin
        container["next_fire"] = nextFire?.storageText
        container["last_fire"] = lastFire?.storageText
        container["updated_at"] = updatedAt.storageText
    }
}
