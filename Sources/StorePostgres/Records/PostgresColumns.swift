import PostgresNIO
import Storage

/// One fetched row, read by column name; a value of the wrong type is a `corrupt_row` error.
struct PostgresColumns {
    private let row: PostgresRandomAccessRow

    init(_ row: PostgresRow) { self.row = row.makeRandomAccess() }

    /// The value of `column`.
    func callAsFunction<T: PostgresDecodable>(_ column: String, as type: T.Type = T.self) throws -> T {
        try row[column].decode(T.self)
    }

    /// The value of `column`, read as the enum it stores.
    func vocabulary<T: RawRepresentable>(_ column: String, as type: T.Type = T.self) throws -> T where T.RawValue == String {
        let text: String = try self(column)
        guard let value = T(rawValue: text) else {
            throw StorageError(.corruptRow, "the column \(column) holds '\(text)', which this version of Moonwire does not know")
        }
        return value
    }

    /// The value of `column`, read as the enum it stores, or nil when it is NULL.
    func optionalVocabulary<T: RawRepresentable>(_ column: String, as type: T.Type = T.self) throws -> T? where T.RawValue == String {
        guard let text: String = try self(column, as: String?.self) else { return nil }
        guard let value = T(rawValue: text) else {
            throw StorageError(.corruptRow, "the column \(column) holds '\(text)', which this version of Moonwire does not know")
        }
        return value
    }
}
