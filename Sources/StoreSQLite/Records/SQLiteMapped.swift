import GRDB
import Storage

/// A storage row as this backend reads and writes it: its table, and its columns written out
/// by hand (the hot rows' Codable path dominated a flow's cost; see scripts/bench, flows).
/// The row types themselves know nothing of SQLite.
protocol SQLiteMapped: Sendable {
    static var tableName: String { get }
    init(row: Row) throws
    func encode(to container: inout PersistenceContainer)
    /// Takes the id SQLite gave a new row.
    mutating func didInsert(rowID: Int64)
}

extension SQLiteMapped {
    mutating func didInsert(rowID: Int64) {}
}
