import Foundation
import SandboxStore
import Storage

// What the sandbox does beyond sending (see Providers/Capabilities).

/// The sandbox keeps the first message sent under an external id, as Conexteo does.
extension SandboxProvider: DeduplicatingProvider {}

extension SandboxProvider: CreditReportingProvider {
    /// The sandbox has no balance to run out of: one unlimited bucket.
    public func creditBalance() async throws(ProviderError) -> [CreditBucket] {
        [CreditBucket(credits: .infinity, label: "sandbox")]
    }
}

extension SandboxProvider: InProcessNetworkProvider {
    /// The inbound log's cursor over injected replies.
    static let repliesCursor = "sandbox.replies"
    /// The delivery log's cursor over the sandbox store's delivery reports.
    static let deliveriesCursor = "sandbox.deliveries"

    /// Replies injected into the sandbox's store become inbound messages, read from a durable
    /// cursor in the same transaction that stores them, as a real provider's are polled.
    public func collectReplies(limit: Int) async throws(ProviderError) -> Int {
        let engine = try reportingStore()
        do throws(StorageError) {
            let position = Int64(try await engine.cursor(Self.repliesCursor) ?? "0") ?? 0
            let replies = try await store.sandboxReplies(after: position, limit: limit)
            guard let last = replies.last?.seq else { return 0 }
            let rows = replies.map {
                InboundRow(provider: name, providerID: $0.id, from: $0.from, to: $0.to, body: $0.body, receivedAt: $0.receivedAt)
            }
            return try await engine.recordInbound(rows, cursor: Self.repliesCursor, position: String(last)).count
        } catch {
            throw ProviderError(
                code: error.code.rawValue, message: "cannot read sandbox replies: \(error.message)", retryable: true)
        }
    }

    /// The sandbox network reports every message it accepted as delivered, through the engine's
    /// delivery port (the one a real provider's reports use).
    public func reportDeliveries() async throws(ProviderError) -> Int {
        let engine = try reportingStore()
        do throws(StorageError) {
            let position = Int64(try await engine.cursor(Self.deliveriesCursor) ?? "0") ?? 0
            let reports = try await store.deliveryReports(after: position, limit: 512)
            guard let last = reports.last?.position else { return 0 }
            let rows = reports.map {
                DeliveryRow(
                    provider: name, eventID: "dlr_" + $0.messageID, messageID: $0.messageID, to: $0.to, status: .delivered,
                    occurredAt: $0.occurredAt)
            }
            return try await engine.recordDeliveries(rows, cursor: Self.deliveriesCursor, position: String(last)).count
        } catch {
            throw ProviderError(
                code: error.code.rawValue, message: "cannot report sandbox deliveries: \(error.message)", retryable: true)
        }
    }

    private func reportingStore() throws(ProviderError) -> any EngineStorage {
        guard let engine else {
            throw ProviderError(
                code: "internal", message: "this sandbox provider was made without the engine's store to report into")
        }
        return engine
    }
}
