import Foundation
import Storage
import StorePostgres
import StoreSQLite
import TestSupport
import Testing

/// Every backend the storage contract runs on.
enum StorageKind: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case sqliteFile = "SQLite file"
    case sqliteMemory = "in-memory SQLite"
    case postgres = "PostgreSQL"

    var testDescription: String { rawValue }

    /// The backends several processes share, whose claims hold rows under leases.
    static let shared: [StorageKind] = allCases.filter(\.holdsLeases)

    /// True when claims hold rows for a worker until their lease lapses (a shared database).
    var holdsLeases: Bool { self == .postgres }

    /// A new, empty storage of this kind, and what to remove after the test.
    func open() async throws -> OpenedStorage {
        switch self {
        case .sqliteFile:
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("moonwire-contract-\(UUID().uuidString)")
            let path = directory.appendingPathComponent("moonwire.db").path
            return OpenedStorage(storage: try SQLiteStore(path: path), directory: directory) { try SQLiteStore(path: path) }
        case .sqliteMemory:
            return OpenedStorage(storage: try SQLiteStore(path: ":memory:"), directory: nil, another: nil)
        case .postgres:
            let url = try await PostgresTestServer.server().createDatabase()
            return OpenedStorage(storage: try PostgresStore(url: url), directory: nil) { try PostgresStore(url: url) }
        }
    }
}

/// A storage opened for one test.
struct OpenedStorage {
    let storage: any EngineStorage
    let directory: URL?
    /// Opens the same database again, as another process would; nil for a private database.
    let another: (() throws -> any EngineStorage)?

    func remove() {
        if let directory { try? FileManager.default.removeItem(at: directory) }
    }
}
