import Foundation
import GRDB

/// The database's write lock taken from outside, as another process would: a test that must act
/// while a running `moonwire serve` is half-way through something takes the lock the moment the
/// database shows it, so serve cannot move on between the look and the act, however fast or
/// loaded the machine is.
enum WriteLock {
    /// Takes the write lock in short turns until `condition` holds under it, then runs `act` with
    /// the lock still held, and releases it. Returns false when `timeout` seconds passed first.
    static func when(
        database path: String, timeout: TimeInterval, _ condition: @escaping @Sendable (Database) throws -> Bool,
        act: @escaping @Sendable () -> Void
    ) async throws -> Bool {
        // No busy timeout: SQLite's busy handler sleeps up to 100 ms between tries, and a serve
        // writing batch after batch wins every gap meanwhile (it answered 1,000 replies before the
        // first look). Trying again every 0.1 ms takes the lock at serve's next gap.
        var configuration = Configuration()
        configuration.busyMode = .immediateError
        let database = try DatabaseQueue(path: path, configuration: configuration)
        let deadline = Date().addingTimeInterval(timeout)
        return try await database.writeWithoutTransaction { db in
            while Date() < deadline {
                do {
                    try db.execute(sql: "BEGIN IMMEDIATE")
                } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY {
                    usleep(100)
                    continue
                }
                if try condition(db) {
                    act()
                    try db.execute(sql: "ROLLBACK")
                    return true
                }
                try db.execute(sql: "ROLLBACK")
                usleep(200)  // serve may write a little between two looks
            }
            return false
        }
    }
}

extension ServeProcess {
    /// SIGKILL once `condition` holds on the database, taken while the test holds the write lock
    /// (see ``WriteLock``), then reaps it. Returns false, having killed it anyway, when the
    /// condition did not come within `timeout` seconds.
    func kill(
        database path: String, timeout: TimeInterval = 120, once condition: @escaping @Sendable (Database) throws -> Bool
    ) async throws -> Bool {
        let process = self.process
        let caught = try await WriteLock.when(database: path, timeout: timeout, condition) { process.signal(SIGKILL) }
        kill()
        return caught
    }

    /// SIGKILL once the sandbox holds at least `count` sent messages (see ``kill(database:timeout:once:)``).
    func kill(database path: String, onceSandboxHolds count: Int) async throws -> Bool {
        try await kill(database: path) { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM sandbox_message") ?? 0 >= count }
    }
}
