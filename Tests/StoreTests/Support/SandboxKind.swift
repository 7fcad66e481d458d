import Foundation
import SandboxStore
import Storage
import StorageBackends
import TestSupport
import Testing

/// Every backend the sandbox's store runs on: the sandbox store tests run their bodies on each.
enum SandboxKind: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case sqlite = "SQLite file"
    case postgres = "PostgreSQL"

    var testDescription: String { rawValue }

    /// A new, empty database of this kind with the sandbox's store opened on it beside the
    /// engine's, as `moonwire serve` opens it.
    func open() async throws -> OpenedSandbox {
        switch self {
        case .sqlite:
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("moonwire-sandbox-\(UUID().uuidString)")
            // A folder that does not exist yet: opening creates it.
            let path = directory.appendingPathComponent("nested/moonwire.db").path
            return try OpenedSandbox(location: path, directory: directory)
        case .postgres:
            return try OpenedSandbox(location: try await PostgresTestServer.server().createDatabase(), directory: nil)
        }
    }
}

/// The sandbox's store on a database made for one test.
struct OpenedSandbox {
    /// Where the database is: a file path or a `postgres://` URL.
    let location: String
    /// The engine's storage and the sandbox's beside it, in one process.
    let backends: StorageBackends
    /// The sandbox's store, opened through ``backends``.
    let store: any SandboxStorage
    let directory: URL?

    init(location: String, directory: URL?) throws {
        self.location = location
        self.directory = directory
        backends = try StorageBackends(location: location)
        store = try backends.sandbox()
    }

    /// The same database opened again by the sandbox alone, as another process (`moonwire
    /// sandbox ...`) opens it.
    func another(readOnly: Bool = false) throws -> any SandboxStorage {
        try StorageBackends.sandbox(location: location, readOnly: readOnly)
    }

    func remove() {
        if let directory { try? FileManager.default.removeItem(at: directory) }
    }
}
