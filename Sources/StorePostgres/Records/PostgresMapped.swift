import PostgresNIO

/// A row type the PostgreSQL backend reads: the columns it selects, named once, and how it is
/// built from them.
protocol PostgresMapped {
    /// The select list, in the order the table's columns were made.
    static var columns: String { get }
    /// The row from a result that selected ``columns``.
    init(postgres: PostgresColumns) throws
}

extension PostgresMapped {
    /// The rows of `result`.
    static func all(_ rows: [PostgresRow]) throws -> [Self] { try rows.map { try Self(postgres: PostgresColumns($0)) } }

    /// The first row of `result`, if any.
    static func first(_ rows: [PostgresRow]) throws -> Self? { try rows.first.map { try Self(postgres: PostgresColumns($0)) } }
}
