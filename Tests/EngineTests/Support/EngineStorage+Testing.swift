import SandboxStore
import Storage
import StoreSQLite

// What the tests read through a host's storage, in short: the ports take every argument, and
// the hosts of these tests run on the SQLite backend, whose sandbox store shares the file.
extension EngineStorage {
    /// The sandbox's store on the same database.
    func sandbox() throws -> any SandboxStorage {
        guard let sqlite = self as? SQLiteStore else { throw StorageError(.internal, "the test host is not on SQLite") }
        return try sqlite.sandbox()
    }

    /// The newest hundred outbox rows.
    func outboxRows() async throws(StorageError) -> [OutboxRow] { try await outboxRows(statuses: nil, limit: 100) }

    /// Stores inbound messages without a cursor.
    func recordInbound(_ messages: [InboundRow]) async throws(StorageError) -> [InboundRow] {
        try await recordInbound(messages, cursor: nil, position: nil)
    }
}

extension EngineStorage {
    /// The newest hundred runs of `flow`.
    func flowRuns(flow: String) async throws(StorageError) -> [FlowRunRow] {
        try await flowRuns(statuses: nil, flow: flow, phone: nil, limit: 100)
    }
}
