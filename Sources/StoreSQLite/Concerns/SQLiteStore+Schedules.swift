import Foundation
import GRDB
import Storage

extension SQLiteStore {
    /// Saves a schedule a plugin (re)defined. A schedule already stored with the same kind,
    /// spec and zone keeps its next fire, so a fire missed while Moonwire was down is still
    /// due; a new or changed one takes `row.nextFire`. Returns the stored row.
    public func defineSchedule(_ row: ScheduleRow) async throws(StorageError) -> ScheduleRow {
        try await write("saving schedule \(row.name)") { db in
            var saved = row
            if let existing = try ScheduleRow.fetchOne(db, key: row.name),
                existing.kind == row.kind, existing.spec == row.spec, existing.tz == row.tz
            {
                saved.nextFire = existing.nextFire
                saved.lastFire = existing.lastFire
            }
            try saved.save(db)
            return saved
        }
    }

    /// Every stored schedule, by name.
    public func schedules() async throws(StorageError) -> [ScheduleRow] {
        try await read("listing schedules") { db in try ScheduleRow.order(Column("name")).fetchAll(db) }
    }

    /// Schedules whose next fire is at or before `now`, earliest first.
    public func dueSchedules(now: Date) async throws(StorageError) -> [ScheduleRow] {
        try await read("listing due schedules") { db in
            try ScheduleRow.filter(Column("next_fire") <= now).order(Column("next_fire"), Column("name")).fetchAll(db)
        }
    }

    /// One process holds the whole database: a due fire is claimed by reading it; recording it
    /// (compare-and-set on its next fire) finishes it.
    public func claimDueSchedules(now: Date, names: Set<String>, claim: WorkClaim) async throws(StorageError) -> [ScheduleRow] {
        try await dueSchedules(now: now).filter { names.contains($0.name) }
    }

    /// The earliest next fire of any schedule, among `names` when given.
    public func nextScheduleFire(names: Set<String>? = nil) async throws(StorageError) -> Date? {
        try await read("finding the next schedule fire") { db in
            var request = ScheduleRow.filter(Column("next_fire") != nil)
            if let names { request = request.filter(names.contains(Column("name"))) }
            return try request.order(Column("next_fire")).fetchOne(db)?.nextFire
        }
    }

    /// Records that schedule `name` fired (its fire due at `fired`) and when it fires next, if
    /// its next fire is still `fired` (no one else recorded it).
    @discardableResult
    public func recordScheduleFire(name: String, fired: Date, lastFire: Date?, next: Date?, now: Date) async throws(StorageError) -> Bool {
        try await write("recording a fire of schedule \(name)") { db in
            try db.execute(
                sql: "UPDATE schedule SET next_fire = ?, last_fire = COALESCE(?, last_fire), updated_at = ? WHERE name = ? AND next_fire = ?",
                arguments: [next, lastFire, now, name, fired])
            return db.changesCount > 0
        }
    }
}
