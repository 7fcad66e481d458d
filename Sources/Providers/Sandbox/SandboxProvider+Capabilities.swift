import Store

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

    public func collectReplies(limit: Int) async throws(ProviderError) -> Int {
        do throws(StoreError) {
            let position = Int64(try await store.cursor(Self.repliesCursor) ?? "0") ?? 0
            let replies = try await store.sandboxReplies(after: position, limit: limit)
            guard let last = replies.last?.seq else { return 0 }
            let rows = replies.map {
                InboundRow(provider: name, providerID: $0.id, from: $0.from, to: $0.to, body: $0.body, receivedAt: $0.receivedAt)
            }
            return try await store.recordInbound(rows, cursor: Self.repliesCursor, position: String(last)).count
        } catch {
            throw ProviderError(code: error.code, message: "cannot read sandbox replies: \(error.message)", retryable: true)
        }
    }

    /// The sandbox network reports every message it accepted as delivered.
    public func reportDeliveries() async throws(ProviderError) -> Int {
        do throws(StoreError) {
            return try await store.reportSandboxDeliveries().count
        } catch {
            throw ProviderError(code: error.code, message: "cannot report sandbox deliveries: \(error.message)", retryable: true)
        }
    }
}
