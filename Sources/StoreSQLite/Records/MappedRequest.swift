import GRDB
import Storage

/// A query of storage rows of one table, built like GRDB's query interface.
struct MappedRequest<Value: SQLiteMapped> {
    var request: QueryInterfaceRequest<MappedRecord<Value>>

    func filter(_ predicate: some SQLSpecificExpressible) -> Self { Self(request: request.filter(predicate)) }
    func order(_ orderings: any SQLOrderingTerm...) -> Self { Self(request: request.order(orderings)) }
    func limit(_ limit: Int) -> Self { Self(request: request.limit(limit)) }
    func fetchAll(_ db: Database) throws -> [Value] { try request.fetchAll(db).map(\.value) }
    func fetchOne(_ db: Database) throws -> Value? { try request.fetchOne(db)?.value }
    func fetchCount(_ db: Database) throws -> Int { try request.fetchCount(db) }
}

extension SQLiteMapped {
    static func all() -> MappedRequest<Self> { MappedRequest(request: MappedRecord<Self>.all()) }
    static func filter(_ predicate: some SQLSpecificExpressible) -> MappedRequest<Self> { all().filter(predicate) }
    static func order(_ orderings: any SQLOrderingTerm...) -> MappedRequest<Self> {
        MappedRequest(request: MappedRecord<Self>.order(orderings))
    }

    static func fetchOne(_ db: Database, key: some DatabaseValueConvertible) throws -> Self? {
        try MappedRecord<Self>.fetchOne(db, key: key)?.value
    }

    static func fetchOne(_ statement: Statement, arguments: StatementArguments = StatementArguments()) throws -> Self? {
        try MappedRecord<Self>.fetchOne(statement, arguments: arguments)?.value
    }

    static func fetchAll(_ statement: Statement, arguments: StatementArguments = StatementArguments()) throws -> [Self] {
        try MappedRecord<Self>.fetchAll(statement, arguments: arguments).map(\.value)
    }

    static func fetchAll(_ db: Database, sql: String, arguments: StatementArguments = StatementArguments()) throws -> [Self] {
        try MappedRecord<Self>.fetchAll(db, sql: sql, arguments: arguments).map(\.value)
    }

    @discardableResult
    static func deleteOne(_ db: Database, key: some DatabaseValueConvertible) throws -> Bool {
        try MappedRecord<Self>.deleteOne(db, key: key)
    }

    mutating func insert(_ db: Database, onConflict: Database.ConflictResolution? = nil) throws {
        var record = MappedRecord(self)
        try record.insert(db, onConflict: onConflict)
        self = record.value
    }

    func save(_ db: Database) throws {
        var record = MappedRecord(self)
        try record.save(db)
    }

    func update(_ db: Database) throws {
        try MappedRecord(self).update(db)
    }
}
