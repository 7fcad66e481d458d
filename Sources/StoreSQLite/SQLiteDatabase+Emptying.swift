import GRDB
import Storage

extension SQLiteDatabase {
    /// Deletes every row but the record of applied migrations, keeping the schema, so the
    /// statements this connection compiled stay valid (what `moonwire test` does between two
    /// tests on one in-memory database). Every foreign key cascades or sets null, so the order
    /// is free. (A virtual table, FTS5 say, would need skipping with its shadow tables: none yet.)
    package func deleteAllRows() throws(StorageError) {
        do {
            try writer.writeWithoutTransaction { db in
                let tables = try String.fetchAll(
                    db.cachedStatement(
                        sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND name <> 'grdb_migrations'"))
                try db.inTransaction {
                    for table in tables {
                        try db.cachedStatement(sql: "DELETE FROM \(table.quotedDatabaseIdentifier)").execute()
                    }
                    // AUTOINCREMENT counters: ids start again at 1, as in a new database.
                    if try db.tableExists("sqlite_sequence") {
                        try db.cachedStatement(sql: "DELETE FROM sqlite_sequence").execute()
                    }
                    return .commit
                }
            }
        } catch {
            throw StorageError.queryFailed("emptying the in-memory database", error)
        }
    }
}
