import Foundation
import Logging
import PostgresNIO
import Storage

/// An ordered list of named schema changes for PostgreSQL, recorded in `schema_migrations`.
/// Every start applies the missing ones in one transaction that first takes a transaction-level
/// advisory lock, so instances starting together wait for each other and the later ones find
/// the schema current.
struct PostgresMigrations: Sendable {
    /// One schema change: a name never changed once shipped, and its statements.
    struct Step: Sendable {
        let name: String
        let statements: [String]
    }

    /// The advisory lock key every Moonwire migration takes ("moonwire" read as a number).
    static let lockKey: Int64 = 0x6d6f_6f6e_7769

    private(set) var steps: [Step] = []

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
                "CREATE TABLE IF NOT EXISTS schema_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())")
            let applied = Set(try connection.rows("SELECT name FROM schema_migrations").map { try $0.decode(String.self) })
            for step in steps where !applied.contains(step.name) {
                for statement in step.statements { try connection.execute(PostgresQuery(unsafeSQL: statement)) }
                try connection.execute("INSERT INTO schema_migrations (name) VALUES (\(step.name))")
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
        let exists = try await connection.value("SELECT to_regclass('schema_migrations') IS NOT NULL", logger, as: Bool.self) ?? false
        let applied: Set<String> =
            exists ? Set(try await connection.rows("SELECT name FROM schema_migrations", logger).map { try $0.decode(String.self) }) : []
        return steps.map { ($0.name, applied.contains($0.name)) }
    }

    /// Refuses a database that lacks some change (for read-only opens, which migrate nothing).
    func requireCurrent(_ connection: PostgresStore.BlockingConnection, location: String) throws {
        let exists = try connection.rows("SELECT to_regclass('schema_migrations') IS NOT NULL").first?.decode(Bool.self) ?? false
        guard exists else {
            throw StorageError(
                .noDatabase, "\(location) holds no Moonwire schema yet: run `moonwire db migrate` (or moonwire serve) first")
        }
        let applied = Set(try connection.rows("SELECT name FROM schema_migrations").map { try $0.decode(String.self) })
        let missing = steps.filter { !applied.contains($0.name) }
        guard missing.isEmpty else {
            throw StorageError(
                .outdatedDatabase,
                "\(location) lacks \(missing.count) schema change(s) of this version: run `moonwire db migrate` to apply them")
        }
    }
}
