import Foundation
import SandboxStore
import Storage

/// The sandbox network's delivery reports (every message it accepted is delivered), brought
/// into the engine's delivery log through the same port a real provider's reports use, from a
/// durable cursor moved in the transaction that stores them.
public struct SandboxDeliveries: Sendable {
    /// The cursor's name in the store.
    static let cursorName = "sandbox.deliveries"

    let store: any EngineStorage
    let sandbox: SandboxStore

    /// Stores up to `limit` new reports; returns the ones that were new.
    @discardableResult
    public func poll(limit: Int = 512) async throws(StorageError) -> [DeliveryRow] {
        let position = Int64(try await store.cursor(Self.cursorName) ?? "0") ?? 0
        let reports = try await sandbox.deliveryReports(after: position, limit: limit)
        guard let last = reports.last?.position else { return [] }
        let rows = reports.map {
            DeliveryRow(
                provider: "sandbox", eventID: "dlr_" + $0.messageID, messageID: $0.messageID, to: $0.to, status: "delivered",
                occurredAt: $0.occurredAt)
        }
        return try await store.recordDeliveries(rows, cursor: Self.cursorName, position: String(last))
    }
}
