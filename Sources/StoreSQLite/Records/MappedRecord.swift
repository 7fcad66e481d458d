import GRDB
import Storage

/// GRDB's record protocols for a storage row, inside this backend only: the row types stay
/// free of GRDB, and ``SQLiteMapped``'s helpers read like GRDB's record API.
struct MappedRecord<Value: SQLiteMapped>: FetchableRecord, MutablePersistableRecord {
    var value: Value

    init(_ value: Value) { self.value = value }

    init(row: Row) throws { value = try Value(row: row) }

    static var databaseTableName: String { Value.tableName }

    func encode(to container: inout PersistenceContainer) throws { value.encode(to: &container) }

    mutating func didInsert(_ inserted: InsertionSuccess) { value.didInsert(rowID: inserted.rowID) }
}
