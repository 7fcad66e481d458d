import Storage
import StoreSQLite
import Synchronization

/// In-memory databases for `moonwire test`, one per test: a copy of a migrated template, or an
/// earlier test's database emptied. Reusing a connection keeps the statements SQLite compiled
/// for it, which a new connection compiles again (about a quarter of a short test's time). A
/// database is reused only when nothing of its test holds it any more, so a task a test left
/// behind can never write into the next test's database.
public final class MemoryDatabaseRecycler: Sendable {
    /// A database lent to one test; give it back with ``recycle(_:)`` once the test is released.
    public final class Loan: Sendable {
        fileprivate let database: Mutex<SQLiteDatabase?>

        fileprivate init(_ database: SQLiteDatabase) {
            self.database = Mutex(database)
        }
    }

    private let template: StorageBackends
    private let idle = Mutex<[SQLiteDatabase]>([])

    /// How many emptied databases wait for a test.
    public var idleCount: Int { idle.withLock { $0.count } }

    /// A recycler whose template is migrated now, once.
    public init() throws(StorageError) {
        template = try StorageBackends.memoryTemplate()
    }

    /// An empty migrated database (engine and sandbox tables), and its loan.
    public func take() throws(StorageError) -> (StorageBackends, Loan) {
        if let database = idle.withLock({ $0.popLast() }) {
            return (try StorageBackends(reusing: database), Loan(database))
        }
        let backends = try StorageBackends(copying: template)
        guard let database = backends.database else {
            throw StorageError(.internal, "a copy of the in-memory template is not a SQLite database")
        }
        return (backends, Loan(database))
    }

    /// Empties the loan's database and keeps it for another test, when nothing else holds it
    /// (otherwise it is left to go with its last holder).
    public func recycle(_ loan: Loan) {
        guard var database = loan.database.withLock({ held in defer { held = nil }; return held }) else { return }
        guard isKnownUniquelyReferenced(&database) else { return }
        do throws(StorageError) {
            try database.deleteAllRows()
            idle.withLock { $0.append(database) }
        } catch {
            return  // not reused: the next test gets a fresh copy
        }
    }
}
