import Foundation
import Providers
import SMSCore
import Storage

/// Conexteo's inbound source: polls `GET /messages/replies` (newest first) and reads pages until
/// it meets the newest reply it stored last time; the new ones are stored oldest first, with the
/// cursor, in one transaction. On the very first poll there is no cursor: replies received before
/// `watchingSince` (when serve started) are history, not messages to answer. A cursor the
/// provider no longer lists costs one full read, never a duplicate: inbound rows are unique per
/// provider id.
struct ConexteoReplies: Sendable {
    /// The cursor's name in the store.
    static let cursorName = "conexteo.replies"
    /// The cursor's value before any reply was seen.
    static let emptyList = ""

    let client: ConexteoClient
    let store: any EngineStorage
    let clock: any TimeSource
    let region: String
    /// Real time (provider timestamps are real, even when MOONWIRE_NOW shifts the engine's clock).
    let watchingSince: Date

    /// Stores the replies that arrived since the last poll; returns how many were new.
    @discardableResult
    func poll() async throws(EngineError) -> Int {
        let newestKnown = try await Dispatcher.storing { () async throws(StorageError) in try await store.cursor(Self.cursorName) }
        var fresh: [ConexteoInboundReply] = []
        var iterator = client.replies(pageSize: 100).makeAsyncIterator()
        do throws(ProviderError) {
            while let reply = try await iterator.next() {
                // Everything down to the cursor, however many: stopping short would lose the rest.
                if reply.id == newestKnown { break }
                if newestKnown == nil, (reply.receivedAt ?? .distantPast) < watchingSince {
                    if fresh.isEmpty { fresh.append(reply) }  // only to place the cursor
                    break
                }
                fresh.append(reply)
            }
        } catch {
            throw EngineError(code: error.code, message: "reading Conexteo replies: \(error.message)")
        }
        guard let newest = fresh.first else {
            if newestKnown == nil {
                try await Dispatcher.storing { () async throws(StorageError) in
                    _ = try await store.recordInbound([], cursor: Self.cursorName, position: Self.emptyList)
                }
            }
            return 0
        }
        if newestKnown == nil, (newest.receivedAt ?? .distantPast) < watchingSince { fresh = [] }  // history only
        let now = clock.now()
        let rows = fresh.reversed().compactMap { reply -> InboundRow? in
            // A reply without a readable number cannot be answered or opted out: skip it.
            guard let text = reply.from, let from = try? PhoneNumber.parse(text, region: region).e164 else { return nil }
            return InboundRow(
                provider: "conexteo", providerID: reply.id, from: from, to: reply.to ?? "", body: reply.content,
                receivedAt: reply.receivedAt ?? now)
        }
        return try await Dispatcher.storing { () async throws(StorageError) in
            try await store.recordInbound(rows, cursor: Self.cursorName, position: newest.id).count
        }
    }
}
