import Foundation
import Storage
import StoreSQLite
import Testing

/// Every backend the storage contract runs on; issue 18 adds PostgreSQL here.
enum StorageKind: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case sqliteFile = "SQLite file"
    case sqliteMemory = "in-memory SQLite"

    var testDescription: String { rawValue }

    /// A new, empty storage of this kind, and what to remove after the test.
    func open() throws -> OpenedStorage {
        switch self {
        case .sqliteFile:
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("moonwire-contract-\(UUID().uuidString)")
            let storage = try SQLiteStore(path: directory.appendingPathComponent("moonwire.db").path)
            return OpenedStorage(storage: storage, directory: directory)
        case .sqliteMemory:
            return OpenedStorage(storage: try SQLiteStore(path: ":memory:"), directory: nil)
        }
    }
}

/// A storage opened for one test.
struct OpenedStorage {
    let storage: any EngineStorage
    let directory: URL?

    func remove() {
        if let directory { try? FileManager.default.removeItem(at: directory) }
    }
}
