import Storage

/// The sandbox network's delivery reports, which reach the engine the way a real provider's do.
public protocol SandboxDeliveryReportStorage: Sendable {
    /// The network's reports on the messages stored after `position` (0 for all), oldest
    /// first, at most `limit`; each such message is marked delivered (an idempotent step, so a
    /// poller that crashes before storing the reports gets them again).
    func deliveryReports(after position: Int64, limit: Int) async throws(StorageError) -> [SandboxDeliveryReport]
}

extension SandboxDeliveryReportStorage {
    /// The network's reports on the messages stored after `position`, at most 512.
    public func deliveryReports(after position: Int64) async throws(StorageError) -> [SandboxDeliveryReport] {
        try await deliveryReports(after: position, limit: 512)
    }
}
