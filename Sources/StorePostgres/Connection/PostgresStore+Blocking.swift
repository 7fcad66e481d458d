import Foundation
import Logging
import PostgresNIO
import Storage

extension PostgresStore {
    /// A connection of its own for the synchronous moments (opening, migrating, the virtual
    /// clock's first read), driven by event-loop futures that never need Swift's cooperative
    /// threads: several stores opening at once on two cores cannot starve each other.
    static func withBlockingConnection<T>(
        _ address: PostgresLocation, readOnly: Bool, logger: Logger, _ body: (BlockingConnection) throws -> T
    ) throws(StorageError) -> T {
        var configuration = address.socketPath.map {
            PostgresConnection.Configuration(unixSocketPath: $0, username: address.user, password: address.password, database: address.database)
        } ?? PostgresConnection.Configuration(
            host: address.host ?? "localhost", port: address.port, username: address.user, password: address.password,
            database: address.database,
            tls: (try? NIOSSLContext(configuration: .makeClientConfiguration())).map { .prefer($0) } ?? .disable)
        configuration.options.additionalStartupParameters = startupParameters(address, readOnly: readOnly)
        let connection: PostgresConnection
        do {
            connection = try PostgresConnection.connect(
                on: PostgresConnection.defaultEventLoopGroup.any(), configuration: configuration, id: 0, logger: logger
            ).wait()
        } catch {
            throw StorageError.postgresOpen(address, error)
        }
        defer { try? connection.close().wait() }
        do {
            return try body(BlockingConnection(connection: connection, logger: logger))
        } catch {
            throw StorageError.postgres("opening the database", error, location: address.description)
        }
    }

    /// A connection whose queries wait for their answer.
    struct BlockingConnection {
        let connection: PostgresConnection
        let logger: Logger

        /// The rows `query` returns.
        func rows(_ query: PostgresQuery) throws -> [PostgresRow] {
            try connection.query(query, logger: logger).wait().rows
        }

        /// Runs `query`.
        func execute(_ query: PostgresQuery) throws {
            _ = try connection.query(query, logger: logger).wait()
        }
    }
}
