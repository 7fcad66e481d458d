import GRDB
import Storage

extension Row {
    /// Column `column` read as one of `T`'s words; a text `T` does not know is a corrupt-row
    /// error naming the table, the column, the value and the row (never a crash, never a default).
    func vocabulary<T: RawRepresentable>(_ column: String, table: String, row: @autoclosure () -> String) throws -> T
    where T.RawValue == String {
        let text: String = self[column]
        guard let value = T(rawValue: text) else {
            throw StorageError.unknownValue(table: table, column: column, value: text, row: row())
        }
        return value
    }

    /// The row's `id` column as text, to name the row in an error.
    var idText: String { String(self["id"] as Int64? ?? 0) }

    /// Column `column` as ``vocabulary(_:table:row:)`` reads it, or nil when it is NULL.
    func optionalVocabulary<T: RawRepresentable>(_ column: String, table: String, row: @autoclosure () -> String) throws -> T?
    where T.RawValue == String {
        let stored: String? = self[column]
        guard let text = stored else { return nil }
        guard let value = T(rawValue: text) else {
            throw StorageError.unknownValue(table: table, column: column, value: text, row: row())
        }
        return value
    }
}
