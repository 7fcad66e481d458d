import Foundation
import PostgresNIO

/// A `Date` bound as `timestamptz`, rounded to the millisecond as the SQLite backend stores it,
/// so both backends compare and return the same instants (postgres-nio's own encoding
/// truncates to the microsecond).
struct PostgresInstant: PostgresNonThrowingEncodable, Sendable {
    let date: Date

    init(_ date: Date) { self.date = date }

    static var psqlType: PostgresDataType { .timestamptz }
    static var psqlFormat: PostgresFormat { .binary }

    /// Microseconds since 2000-01-01, PostgreSQL's epoch.
    func encode<JSONEncoder: PostgresJSONEncoder>(into byteBuffer: inout ByteBuffer, context: PostgresEncodingContext<JSONEncoder>) {
        let milliseconds = (date.timeIntervalSince1970 * 1000).rounded()
        byteBuffer.writeInteger((Int64(milliseconds) - 946_684_800_000) * 1000)
    }
}

extension Date {
    /// This instant as the PostgreSQL backend binds it.
    var pg: PostgresInstant { PostgresInstant(self) }
}

extension Optional where Wrapped == Date {
    /// This instant as the PostgreSQL backend binds it, or NULL.
    var pg: PostgresInstant? { map(PostgresInstant.init) }
}
