import Logging
import PostgresNIO

extension PostgresStore {
    /// A logger that drops everything: postgres-nio's own logs would repeat what our errors say.
    static func silentLogger() -> Logger {
        Logger(label: "moonwire.storage.postgres", factory: { _ in SwiftLogNoOpLogHandler() })
    }

    /// A connection pool to `address` (up to `maximumConnections`), with the statement timeout
    /// and, for listing commands, read-only transactions; the caller runs it (`client.run()`).
    static func makeClient(_ address: PostgresLocation, readOnly: Bool, maximumConnections: Int, logger: Logger) -> PostgresClient {
        var configuration = address.socketPath.map {
            PostgresClient.Configuration(unixSocketPath: $0, username: address.user, password: address.password, database: address.database)
        } ?? PostgresClient.Configuration(
            host: address.host ?? "localhost", port: address.port, username: address.user, password: address.password,
            database: address.database, tls: .prefer(.makeClientConfiguration()))
        configuration.options.additionalStartupParameters = startupParameters(address, readOnly: readOnly)
        configuration.options.maximumConnections = maximumConnections
        return PostgresClient(configuration: configuration, backgroundLogger: logger)
    }
}
