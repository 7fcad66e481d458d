import GRDB

/// An ordered list of named schema changes, applied under one exclusive write lock from the
/// check of what is applied to the last change, so processes starting together on a new
/// database file never both apply the same change (issue 24: one of them used to die with
/// `table "X" already exists`); the others wait for the lock and find the schema current.
///
/// Applied names are kept in GRDB's `grdb_migrations` table, where earlier releases (which
/// used GRDB's `DatabaseMigrator`) recorded them, so their databases carry on. Names this list
/// does not know (another module's migrations in the same file) are left alone.
package struct SchemaMigrations: Sendable {
    /// One schema change: a name never changed once shipped, and what it does.
    package struct Step: Sendable {
        let name: String
        let apply: @Sendable (Database) throws -> Void
    }

    package private(set) var steps: [Step] = []

    /// No changes yet.
    package init() {}

    /// Adds a change after the others.
    package mutating func register(_ name: String, _ apply: @escaping @Sendable (Database) throws -> Void) {
        precondition(!steps.contains { $0.name == name }, "migration \(name) is registered twice")
        steps.append(Step(name: name, apply: apply))
    }

    /// Brings the database up to date: all missing changes in one transaction, or none.
    /// Returns the names of the changes applied.
    @discardableResult
    package func apply(to writer: any DatabaseWriter) throws -> [String] {
        return try writer.writeWithoutTransaction { db in
            var done: [String] = []
            // EXCLUSIVE (in WAL mode: the one write lock) before reading what is applied, so the
            // check and the changes are one step for every other process.
            try db.inTransaction(.exclusive) {
                try db.execute(sql: "CREATE TABLE IF NOT EXISTS grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY)")
                for step in try pending(db) {
                    try step.apply(db)
                    try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES (?)", arguments: [step.name])
                    done.append(step.name)
                }
                return .commit
            }
            return done
        }
    }

    /// The registered changes the database has not recorded, in order.
    package func pending(_ db: Database) throws -> [Step] {
        guard try db.tableExists("grdb_migrations") else { return steps }
        let applied = try Set(String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations"))
        return steps.filter { !applied.contains($0.name) }
    }

    /// The names of the registered changes the database has recorded.
    package func applied(_ db: Database) throws -> [String] {
        let missing = Set(try pending(db).map(\.name))
        return steps.map(\.name).filter { !missing.contains($0) }
    }
}
