import Foundation
import PostgresNIO
import Storage

extension PostgresStore {
    /// The clock, created at `seed` the first time, on a connection of its own: the port is
    /// synchronous (a host reads it once when it opens).
    public func virtualClock(seed: Date) throws(StorageError) -> VirtualClockState {
        try PostgresStore.withBlockingConnection(address, readOnly: false, logger: logger) { connection in
            // Several instances opening a new database may all get here: the first one's clock stays.
            try connection.execute(
                "INSERT INTO virtual_clock (id, now, target) VALUES (1, \(seed.pg), \(seed.pg)) ON CONFLICT (id) DO NOTHING")
            guard let row = try connection.rows("SELECT now, target, serve_seen_at FROM virtual_clock WHERE id = 1").first else {
                throw StorageError(.internal, "the virtual clock was not stored")
            }
            let (now, target, seen) = try row.decode((Date, Date, Date?).self)
            return VirtualClockState(now: now, target: target, serveSeenAt: seen)
        }
    }

    public func virtualClockState() async throws(StorageError) -> VirtualClockState? {
        let logger = self.logger
        return try await read("reading the virtual clock") { db in try await PostgresStore.readClock(db, logger, lock: false) }
    }

    /// The clock row (locked for the transaction when `lock`).
    private static func readClock(_ db: PostgresConnection, _ logger: Logger, lock: Bool) async throws -> VirtualClockState? {
        guard
            let row = try await db.rows(
                "SELECT now, target, serve_seen_at FROM virtual_clock WHERE id = 1 \(unescaped: lock ? "FOR UPDATE" : "")", logger
            ).first
        else { return nil }
        let (now, target, seen) = try row.decode((Date, Date, Date?).self)
        return VirtualClockState(now: now, target: target, serveSeenAt: seen)
    }

    private static func saveClock(_ state: VirtualClockState, _ db: PostgresConnection, _ logger: Logger) async throws {
        try await db.execute(
            """
            INSERT INTO virtual_clock (id, now, target, serve_seen_at) VALUES (1, \(state.now.pg), \(state.target.pg), \(state.serveSeenAt.pg))
            ON CONFLICT (id) DO UPDATE SET now = EXCLUDED.now, target = EXCLUDED.target
            """, logger)
    }

    /// Applies `change` to the clock row, locked for the transaction so two instances'
    /// advances add up.
    private func changeClock(_ what: String, initial: VirtualClockState, _ change: @escaping @Sendable (inout VirtualClockState) -> Void)
        async throws(StorageError) -> VirtualClockState
    {
        let logger = self.logger
        return try await write(what) { db in
            var state = try await PostgresStore.readClock(db, logger, lock: true) ?? initial
            change(&state)
            try await PostgresStore.saveClock(state, db, logger)
            return state
        }
    }

    public func requestClockAdvance(seconds: TimeInterval, seed: Date) async throws(StorageError) -> VirtualClockState {
        try await changeClock("advancing the virtual clock", initial: VirtualClockState(now: seed, target: seed)) { state in
            state.target = max(state.target, state.now).addingTimeInterval(seconds)
        }
    }

    public func setVirtualClock(now: Date) async throws(StorageError) -> VirtualClockState {
        try await changeClock("setting the virtual clock", initial: VirtualClockState(now: now, target: now)) { state in
            state.now = max(state.now, now)
            if state.target < state.now { state.target = state.now }
        }
    }

    public func finishClockAdvance(target: Date) async throws(StorageError) -> Bool {
        let logger = self.logger
        return try await write("finishing a virtual clock advance") { db in
            try await db.execute("UPDATE virtual_clock SET now = target WHERE id = 1 AND target = \(target.pg)", logger) > 0
        }
    }

    public func resetVirtualClock(to instant: Date) async throws(StorageError) -> VirtualClockState {
        try await changeClock("setting the virtual clock", initial: VirtualClockState(now: instant, target: instant)) { state in
            state.now = instant
            state.target = instant
        }
    }

    public func markServeAlive(at realTime: Date) async throws(StorageError) {
        let logger = self.logger
        try await write("recording that serve runs") { db in
            try await db.execute("UPDATE virtual_clock SET serve_seen_at = \(realTime.pg) WHERE id = 1", logger)
        }
    }
}
