import Foundation
import Logging
import PostgresNIO
import SandboxStore
import Storage

/// The sandbox provider's emulation of a phone network and of the providers' accounts on
/// PostgreSQL: every port of ``SandboxStorage`` over its own tables (`sandbox_*`) and its own
/// migration ledger (`sandbox_schema_migrations`), beside the engine's in the same database,
/// which it never reads. Several processes may share it: balances are changed under a row lock,
/// dedup keys and stopped numbers are unique, and the tables pollers read by position are
/// appended under a lock so positions become visible in order (see ``appendLock``).
public final class PostgresSandboxStore: SandboxStorage, PostgresClientOwner {
    /// The database, as the user named it with the password masked.
    public let location: String
    let client: PostgresClient
    let logger: Logger
    /// The engine's store whose pool this one borrows, kept alive as long as this one.
    private let engine: PostgresStore?
    private let running: Task<Void, Never>?

    /// Connects to the database at `address` on a pool of its own (what `moonwire sandbox`
    /// commands use) and migrates the sandbox's tables, unless `readOnly`: then nothing is
    /// created, and a database the sandbox never used is `not_found`.
    public init(address: PostgresLocation, readOnly: Bool = false, maximumConnections: Int = 4) throws(StorageError) {
        location = address.description
        logger = PostgresStore.silentLogger()
        let client = PostgresStore.makeClient(address, readOnly: readOnly, maximumConnections: maximumConnections, logger: logger)
        self.client = client
        engine = nil
        running = Task.detached { await client.run() }
        do {
            try PostgresSandboxStore.prepare(address, readOnly: readOnly, logger: logger)
        } catch {
            running?.cancel()
            throw error
        }
    }

    /// Opens the database `url` names (see ``PostgresLocation``) on a pool of its own.
    public convenience init(url: String, readOnly: Bool = false) throws(StorageError) {
        try self.init(address: PostgresLocation(url: url), readOnly: readOnly)
    }

    /// The sandbox's store on the engine's database and connection pool, migrated (unless
    /// `readOnly`, as the engine's store was opened).
    public init(sharing engine: PostgresStore, readOnly: Bool = false) throws(StorageError) {
        location = engine.location
        logger = engine.logger
        client = engine.client
        self.engine = engine
        running = nil
        try PostgresSandboxStore.prepare(engine.address, readOnly: readOnly, logger: logger)
    }

    deinit { running?.cancel() }

    /// Migrates the sandbox's tables, or, read-only, checks they are there and current.
    private static func prepare(_ address: PostgresLocation, readOnly: Bool, logger: Logger) throws(StorageError) {
        try PostgresStore.withBlockingConnection(address, readOnly: readOnly, logger: logger) { connection in
            guard readOnly else {
                try migrations.apply(connection)
                return
            }
            guard try migrations.hasLedger(connection) else {
                throw StorageError(.notFound, "the database \(address) has no sandbox tables yet")
            }
            try migrations.requireCurrent(connection, location: address.description)
        }
    }
}
