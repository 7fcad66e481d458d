import Logging
import PostgresNIO
import Storage

/// A store over a pooled PostgreSQL client (the engine's and the sandbox's): how both run their
/// work, and how a failure becomes a ``StorageError`` naming the work and the database.
protocol PostgresClientOwner: Sendable {
    /// The pool every read and write goes through.
    var client: PostgresClient { get }
    /// The database as it may be shown (password masked).
    var location: String { get }
    /// Where postgres-nio logs.
    var logger: Logger { get }
}

extension PostgresClientOwner {
    /// Runs `body` in one transaction on a pooled connection; `what` names the work in errors.
    @discardableResult
    func write<T: Sendable>(_ what: String, _ body: @escaping @Sendable (PostgresConnection) async throws -> T) async throws(StorageError) -> T {
        do {
            return try await client.withTransaction(logger: logger) { connection in try await body(connection) }
        } catch {
            throw StorageError.postgres(what, error, location: location)
        }
    }

    /// Runs `body` on a pooled connection outside a transaction (each statement commits alone).
    @discardableResult
    func read<T: Sendable>(_ what: String, _ body: @escaping @Sendable (PostgresConnection) async throws -> T) async throws(StorageError) -> T {
        do {
            return try await client.withConnection { connection in try await body(connection) }
        } catch {
            throw StorageError.postgres(what, error, location: location)
        }
    }
}
