import Foundation
import Logging
import PostgresNIO
import Storage

/// The engine's storage on PostgreSQL: every port of ``EngineStorage`` over one database shared
/// by any number of `moonwire serve` processes. Due work is claimed with `FOR UPDATE SKIP
/// LOCKED` and held under the caller's ``WorkClaim`` (worker and lease expiry), so two workers
/// never take the same row while its lease runs, and a dead worker's rows go to another once it
/// lapses. Lease expiry is judged by the database server's clock, the one clock every instance
/// shares.
public final class PostgresStore: EngineStorage, PostgresClientOwner {
    /// The database, as the user named it with the password masked.
    public let location: String
    let address: PostgresLocation
    let client: PostgresClient
    let logger: Logger
    private let running: Task<Void, Never>
    /// The schema changes this open applied.
    public let migrationsApplied: [String]

    /// Connects to the database at `address` (a pool of up to `maximumConnections`), and
    /// migrates it unless `readOnly`, in which case a database without the current schema is
    /// refused.
    public init(address: PostgresLocation, readOnly: Bool = false, maximumConnections: Int = 8) throws(StorageError) {
        self.address = address
        location = address.description
        logger = PostgresStore.silentLogger()
        let client = PostgresStore.makeClient(address, readOnly: readOnly, maximumConnections: maximumConnections, logger: logger)
        self.client = client
        running = Task.detached { await client.run() }
        do {
            migrationsApplied = try PostgresStore.withBlockingConnection(address, readOnly: readOnly, logger: logger) { connection in
                if readOnly {
                    try PostgresStore.migrations.requireCurrent(connection, location: address.description)
                    return []
                }
                return try PostgresStore.migrations.apply(connection)
            }
        } catch {
            running.cancel()
            throw error
        }
    }

    /// Opens the database `url` names (see ``PostgresLocation``).
    public convenience init(url: String, readOnly: Bool = false) throws(StorageError) {
        try self.init(address: PostgresLocation(url: url), readOnly: readOnly)
    }

    deinit { running.cancel() }

    /// Settings every connection starts with: the statement timeout, and read-only
    /// transactions for listing commands.
    static func startupParameters(_ address: PostgresLocation, readOnly: Bool) -> [(String, String)] {
        var parameters = [("statement_timeout", String(address.statementTimeoutMilliseconds)), ("application_name", "moonwire")]
        if readOnly { parameters.append(("default_transaction_read_only", "on")) }
        return parameters
    }

    /// Nothing to fold: PostgreSQL's sizes are its tables'.
    public func compact() async throws(StorageError) {}
}
