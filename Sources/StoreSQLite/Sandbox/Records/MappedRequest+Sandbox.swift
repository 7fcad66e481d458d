import GRDB
import Storage

// The parts of GRDB's query interface the sandbox's queries use beyond the engine's.
extension MappedRequest {
    func limit(_ limit: Int, offset: Int) -> Self { Self(request: request.limit(limit, offset: offset)) }
    func filter(sql: String, arguments: StatementArguments = StatementArguments()) -> Self {
        Self(request: request.filter(sql: sql, arguments: arguments))
    }
    @discardableResult
    func deleteAll(_ db: Database) throws -> Int { try request.deleteAll(db) }
}

extension SQLiteMapped {
    static func filter(sql: String, arguments: StatementArguments = StatementArguments()) -> MappedRequest<Self> {
        all().filter(sql: sql, arguments: arguments)
    }

    static func fetchCount(_ db: Database) throws -> Int { try MappedRecord<Self>.fetchCount(db) }

    static func exists(_ db: Database, key: some DatabaseValueConvertible) throws -> Bool {
        try MappedRecord<Self>.exists(db, key: key)
    }

    @discardableResult
    func delete(_ db: Database) throws -> Bool { try MappedRecord(self).delete(db) }
}
