import Foundation
import PostgresNIO
import Storage

extension PostgresStore {
    public func defineSchedule(_ row: ScheduleRow) async throws(StorageError) -> ScheduleRow {
        let logger = self.logger
        return try await write("saving schedule \(row.name)") { db in
            // The same kind, spec and zone keep the stored next and last fire (a fire missed
            // while down stays due); a new or changed schedule takes the row's.
            let stored = try await db.rows(
                """
                INSERT INTO schedule (name, kind, spec, tz, missed, plugin, next_fire, last_fire, updated_at)
                VALUES (\(row.name), \(row.kind.rawValue), \(row.spec), \(row.tz), \(row.missed.rawValue), \(row.plugin), \(row.nextFire.pg),
                  \(row.lastFire.pg), \(row.updatedAt.pg))
                ON CONFLICT (name) DO UPDATE SET kind = EXCLUDED.kind, spec = EXCLUDED.spec, tz = EXCLUDED.tz,
                  missed = EXCLUDED.missed, plugin = EXCLUDED.plugin, updated_at = EXCLUDED.updated_at,
                  next_fire = CASE WHEN (schedule.kind, schedule.spec, schedule.tz) = (EXCLUDED.kind, EXCLUDED.spec, EXCLUDED.tz)
                    THEN schedule.next_fire ELSE EXCLUDED.next_fire END,
                  last_fire = CASE WHEN (schedule.kind, schedule.spec, schedule.tz) = (EXCLUDED.kind, EXCLUDED.spec, EXCLUDED.tz)
                    THEN schedule.last_fire ELSE EXCLUDED.last_fire END
                RETURNING \(unescaped: ScheduleRow.columns)
                """, logger)
            guard let saved = try ScheduleRow.first(stored) else { throw StorageError(.internal, "schedule \(row.name) was not saved") }
            return saved
        }
    }

    public func schedules() async throws(StorageError) -> [ScheduleRow] {
        let logger = self.logger
        return try await read("listing schedules") { db in
            try ScheduleRow.all(try await db.rows("SELECT \(unescaped: ScheduleRow.columns) FROM schedule ORDER BY name", logger))
        }
    }

    /// Claims due fires for `claim`'s worker: a fire held by another worker's live lease is
    /// skipped, and recording the fire (``recordScheduleFire(name:fired:lastFire:next:now:)``)
    /// ends the claim.
    public func claimDueSchedules(now: Date, names: Set<String>, claim: WorkClaim) async throws(StorageError) -> [ScheduleRow] {
        let logger = self.logger
        let wanted = Array(names)
        guard !wanted.isEmpty else { return [] }
        return try await write("claiming due schedules") { db in
            let claimed = try ScheduleRow.all(
                try await db.rows(
                    """
                    UPDATE schedule SET claimed_by = \(claim.worker), lease_until = \(claim.until.pg)
                    WHERE name IN (
                      SELECT name FROM schedule
                      WHERE name = ANY(\(wanted)) AND next_fire <= \(now.pg)
                        AND (lease_until IS NULL OR lease_until < now() OR claimed_by = \(claim.worker))
                      FOR UPDATE SKIP LOCKED)
                    RETURNING \(unescaped: ScheduleRow.columns)
                    """, logger))
            return claimed.sorted { ($0.nextFire ?? .distantFuture, $0.name) < ($1.nextFire ?? .distantFuture, $1.name) }
        }
    }

    public func nextScheduleFire(names: Set<String>?) async throws(StorageError) -> Date? {
        let logger = self.logger
        let wanted = names.map(Array.init)
        return try await read("finding the next schedule fire") { db in
            try await db.value(
                "SELECT MIN(next_fire) FROM schedule WHERE \(wanted == nil) OR name = ANY(\(wanted ?? []))", logger, as: Date?.self) ?? nil
        }
    }

    public func recordScheduleFire(name: String, fired: Date, lastFire: Date?, next: Date?, now: Date) async throws(StorageError) -> Bool {
        let logger = self.logger
        return try await write("recording a fire of schedule \(name)") { db in
            try await db.execute(
                """
                UPDATE schedule SET next_fire = \(next.pg), last_fire = COALESCE(\(lastFire.pg), last_fire), updated_at = \(now.pg),
                  claimed_by = NULL, lease_until = NULL
                WHERE name = \(name) AND next_fire = \(fired.pg)
                """, logger) > 0
        }
    }
}
