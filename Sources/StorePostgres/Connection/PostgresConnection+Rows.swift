import Logging
import PostgresNIO

extension PostgresConnection {
    /// The rows `query` returns.
    func rows(_ query: PostgresQuery, _ logger: Logger) async throws -> [PostgresRow] {
        let result: PostgresQueryResult = try await self.query(query, logger: logger).get()
        return result.rows
    }

    /// Runs `query`; returns how many rows it changed.
    @discardableResult
    func execute(_ query: PostgresQuery, _ logger: Logger) async throws -> Int {
        let result: PostgresQueryResult = try await self.query(query, logger: logger).get()
        return result.metadata.rows ?? 0
    }

    /// The single value of `query`'s first row, if any.
    func value<T: PostgresDecodable>(_ query: PostgresQuery, _ logger: Logger, as type: T.Type = T.self) async throws -> T? {
        guard let row = try await rows(query, logger).first else { return nil }
        return try row.decode(T.self)
    }
}
