import Logging
import PostgresNIO

// How the sandbox's writers share one database with other processes.

extension PostgresSandboxStore {
    /// The tables read by position (a poller's cursor): their positions come from a sequence,
    /// and a row's position must never become visible after a higher one, or a cursor would
    /// pass it by. Appends to one table therefore take that table's lock, held until commit.
    enum AppendedTable: Int32 {
        case message = 1
        case reply = 2
        case webhookDelivery = 3
    }

    /// The advisory lock space of the sandbox ("sbx" read as a number); PostgreSQL keeps
    /// two-key advisory locks apart from the one-key locks migrations take.
    static let lockSpace: Int32 = 0x73_6278

    /// How long a sandbox write may wait for its turn at a lock. The URL's statement timeout
    /// bounds runaway queries; a burst of sends from several processes queues at the append lock
    /// for longer than that on a loaded machine (400 sends from two processes did, in a test
    /// run beside others), and the emulator should then be slow, not fail.
    static let lockWait = "300s"

    /// Lets the rest of the transaction wait `lockWait` for a lock instead of the URL's timeout.
    static func waitTurns(_ db: PostgresConnection, _ logger: Logger) async throws {
        try await db.execute("SELECT set_config('statement_timeout', \(lockWait), true)", logger)
    }

    /// Takes `table`'s append lock until the transaction ends.
    static func appendLock(_ table: AppendedTable, _ db: PostgresConnection, _ logger: Logger) async throws {
        try await waitTurns(db, logger)
        try await db.execute("SELECT pg_advisory_xact_lock(\(lockSpace), \(table.rawValue))", logger)
    }

    /// Runs `body` with `account`'s balance (`startingBalance` until its first change) locked
    /// for the transaction, so two processes debiting one account take turns; stores the new
    /// balance `body` returns, if any.
    static func withLockedBalance<T>(
        account: String, startingBalance: Int, _ db: PostgresConnection, _ logger: Logger,
        _ body: (Int) async throws -> (newBalance: Int?, result: T)
    ) async throws -> T {
        try await waitTurns(db, logger)
        // A missing row is made, at the starting balance, so that there is a row to lock; it is
        // removed again below when nothing changes, so a refused debit leaves no trace.
        let created = try await db.execute(
            "INSERT INTO sandbox_credit (account, balance) VALUES (\(account), \(startingBalance)) ON CONFLICT (account) DO NOTHING",
            logger) > 0
        let balance = try await db.value(
            "SELECT balance FROM sandbox_credit WHERE account = \(account) FOR UPDATE", logger, as: Int.self) ?? startingBalance
        let (newBalance, result) = try await body(balance)
        if let newBalance {
            try await db.execute("UPDATE sandbox_credit SET balance = \(newBalance) WHERE account = \(account)", logger)
        } else if created {
            try await db.execute("DELETE FROM sandbox_credit WHERE account = \(account)", logger)
        }
        return result
    }
}
