import Foundation
import GRDB
import Storage

extension SQLiteStore {
    /// The virtual clock, created at `seed` the first time. Synchronous: a host reads it once
    /// when it opens.
    public func virtualClock(seed: Date) throws(StorageError) -> VirtualClockState {
        do {
            return try database.writer.write { db in
                // Two processes opening a new database may both get here: the first one's clock stays.
                try db.execute(
                    sql: "INSERT INTO virtual_clock (id, now, target) VALUES (1, ?, ?) ON CONFLICT(id) DO NOTHING", arguments: [seed, seed])
                return try Self.readClock(db)!
            }
        } catch {
            throw StorageError.sqliteQueryFailed("reading the virtual clock", error)
        }
    }

    /// The virtual clock as stored now, if it exists.
    public func virtualClockState() async throws(StorageError) -> VirtualClockState? {
        try await read("reading the virtual clock") { db in try Self.readClock(db) }
    }

    /// Asks for the clock to move `seconds` past its current target (an advance not yet
    /// carried out is added to). Returns the new state.
    public func requestClockAdvance(seconds: TimeInterval, seed: Date) async throws(StorageError) -> VirtualClockState {
        try await write("advancing the virtual clock") { db in
            var state = try Self.readClock(db) ?? VirtualClockState(now: seed, target: seed)
            state.target = max(state.target, state.now).addingTimeInterval(seconds)
            try Self.saveClock(db, state)
            return state
        }
    }

    /// Moves the clock forward to `now` (the target follows when it is behind); never back.
    @discardableResult
    public func setVirtualClock(now: Date) async throws(StorageError) -> VirtualClockState {
        try await write("setting the virtual clock") { db in
            var state = try Self.readClock(db) ?? VirtualClockState(now: now, target: now)
            state.now = max(state.now, now)
            if state.target < state.now { state.target = state.now }
            try Self.saveClock(db, state)
            return state
        }
    }

    /// Sets the clock to its target if the target is still `target`; false when another advance came in.
    public func finishClockAdvance(target: Date) async throws(StorageError) -> Bool {
        try await write("finishing a virtual clock advance") { db in
            try db.execute(sql: "UPDATE virtual_clock SET now = target WHERE id = 1 AND target = ?", arguments: [target])
            return db.changesCount > 0
        }
    }

    /// Sets the clock and its target to `instant` (any direction): `moonwire sandbox clock set`.
    @discardableResult
    public func resetVirtualClock(to instant: Date) async throws(StorageError) -> VirtualClockState {
        try await write("setting the virtual clock") { db in
            var state = try Self.readClock(db) ?? VirtualClockState(now: instant, target: instant)
            state.now = instant
            state.target = instant
            try Self.saveClock(db, state)
            return state
        }
    }

    /// Records that a `serve` is running on this database (real time).
    public func markServeAlive(at realTime: Date) async throws(StorageError) {
        try await write("recording that serve runs") { db in
            try db.execute(sql: "UPDATE virtual_clock SET serve_seen_at = ? WHERE id = 1", arguments: [realTime])
        }
    }

    private static func readClock(_ db: Database) throws -> VirtualClockState? {
        guard let row = try Row.fetchOne(db, sql: "SELECT now, target, serve_seen_at FROM virtual_clock WHERE id = 1") else {
            return nil
        }
        return VirtualClockState(now: row["now"], target: row["target"], serveSeenAt: row["serve_seen_at"])
    }

    private static func saveClock(_ db: Database, _ state: VirtualClockState) throws {
        try db.cachedStatement(
            sql: """
                INSERT INTO virtual_clock (id, now, target, serve_seen_at) VALUES (1, ?, ?, ?)
                ON CONFLICT(id) DO UPDATE SET now = excluded.now, target = excluded.target
                """
        ).execute(arguments: [state.now, state.target, state.serveSeenAt])
    }
}
