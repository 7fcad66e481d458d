import Foundation
import Logging
import SMSCore
import SandboxStore
import Storage

/// The sandbox's inbound source: replies injected into the sandbox's store (`moonwire sandbox
/// reply`, Lua's `sandbox.reply`, `POST /_sandbox/replies`) become inbound messages, read from a
/// durable cursor in the same transaction that stores them, as a real provider's are polled.
public struct SandboxReplies: Sendable {
    /// The cursor's name in the store.
    static let cursorName = "sandbox.replies"

    let store: any EngineStorage
    let sandbox: SandboxStore

    /// Moves up to `limit` new replies into the inbound log; returns how many were new.
    @discardableResult
    public func poll(limit: Int = 500) async throws(StorageError) -> Int {
        let position = Int64(try await store.cursor(Self.cursorName) ?? "0") ?? 0
        let replies = try await sandbox.sandboxReplies(after: position, limit: limit)
        guard let last = replies.last?.seq else { return 0 }
        let rows = replies.map {
            InboundRow(provider: "sandbox", providerID: $0.id, from: $0.from, to: $0.to, body: $0.body, receivedAt: $0.receivedAt)
        }
        return try await store.recordInbound(rows, cursor: Self.cursorName, position: String(last)).count
    }
}
