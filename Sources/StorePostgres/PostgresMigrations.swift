import Foundation
import Logging
import PostgresNIO
import Storage

/// An ordered list of named schema changes for PostgreSQL, recorded in a ledger table (the
/// engine's `schema_migrations`, the sandbox's `sandbox_schema_migrations`). Every start applies
/// the missing ones in one transaction that first takes a transaction-level advisory lock, so
/// instances starting together wait for each other and the later ones find the schema current.
struct PostgresMigrations: Sendable {
    /// One schema change: a name never changed once shipped, and its statements.
    struct Step: Sendable {
        let name: String
        let statements: [String]
    }

    /// The advisory lock key every Moonwire migration takes ("moonwire" read as a number).
    static let lockKey: Int64 = 0x6d6f_6f6e_7769

    /// The table that records which changes were applied.
    let ledger: String
    private(set) var steps: [Step] = []

    /// An empty list recorded in `ledger` (a constant name, never user input).
    init(ledger: String = "schema_migrations") { self.ledger = ledger }

    /// Adds a change after the others.
    mutating func register(_ name: String, _ statements: [String]) {
        precondition(!steps.contains { $0.name == name }, "migration \(name) is registered twice")
        steps.append(Step(name: name, statements: statements))
    }

    /// Brings the database up to date: all missing changes in one transaction, or none.
    /// Returns the names of the changes applied.
    @discardableResult
    func apply(_ connection: PostgresStore.BlockingConnection) throws -> [String] {
        var done: [String] = []
        try connection.execute("BEGIN")
        do {
            try connection.execute("SELECT pg_advisory_xact_lock(\(Self.lockKey))")
            try connection.execute(
                "CREATE TABLE IF NOT EXISTS \(unescaped: ledger) (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())")
            let applied = try appliedNames(connection)
            for step in steps where !applied.contains(step.name) {
                for statement in step.statements { try connection.execute(PostgresQuery(unsafeSQL: statement)) }
                try connection.execute("INSERT INTO \(unescaped: ledger) (name) VALUES (\(step.name))")
                done.append(step.name)
            }
            try connection.execute("COMMIT")
            return done
        } catch {
            try? connection.execute("ROLLBACK")
            throw error
        }
    }

    /// Every registered change with whether the database has it.
    func status(_ connection: PostgresConnection, _ logger: Logger) async throws -> [(name: String, applied: Bool)] {
        let exists = try await connection.value("SELECT to_regclass(\(ledger)) IS NOT NULL", logger, as: Bool.self) ?? false
        let applied: Set<String> =
            exists ? Set(try await connection.rows("SELECT name FROM \(unescaped: ledger)", logger).map { try $0.decode(String.self) }) : []
        return steps.map { ($0.name, applied.contains($0.name)) }
    }

    /// Refuses a database that lacks some change (for read-only opens, which migrate nothing).
    func requireCurrent(_ connection: PostgresStore.BlockingConnection, location: String) throws {
        guard try hasLedger(connection) else {
            throw StorageError(
                .noDatabase, "\(location) holds no Moonwire schema yet: run `moonwire db migrate` (or moonwire serve) first")
        }
        let applied = try appliedNames(connection)
        let missing = steps.filter { !applied.contains($0.name) }
        guard missing.isEmpty else {
            throw StorageError(
                .outdatedDatabase,
                "\(location) lacks \(missing.count) schema change(s) of this version: run `moonwire db migrate` to apply them")
        }
    }

    /// True when the ledger table exists (some change was ever applied).
    func hasLedger(_ connection: PostgresStore.BlockingConnection) throws -> Bool {
        try connection.rows("SELECT to_regclass(\(ledger)) IS NOT NULL").first?.decode(Bool.self) ?? false
    }

    /// The names of the changes the ledger records.
    private func appliedNames(_ connection: PostgresStore.BlockingConnection) throws -> Set<String> {
        Set(try connection.rows("SELECT name FROM \(unescaped: ledger)").map { try $0.decode(String.self) })
    }
}
