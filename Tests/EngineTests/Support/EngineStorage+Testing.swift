import Storage

// What the tests read through a host's storage, in short: the ports take every argument. The
// sandbox's store is reached through the host's services, as the engine reaches it.
extension EngineStorage {
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
