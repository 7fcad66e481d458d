import Foundation
import Providers
import SMSCore
import Store

/// Conexteo's inbound source: polls `GET /messages/replies` (newest first) and reads pages until
/// it meets the newest reply it stored last time; the new ones are stored oldest first, with the
/// cursor, in one transaction. A cursor the provider no longer lists costs one full read, never a
/// duplicate: inbound rows are unique per provider id.
struct ConexteoReplies: Sendable {
    /// The cursor's name in the store.
    static let cursorName = "conexteo.replies"
    /// The most replies taken in one poll (the rest come on the next).
    static let maxPerPoll = 2000

    let client: ConexteoClient
    let store: Store
    let clock: any TimeSource
    let region: String

    /// Stores the replies that arrived since the last poll; returns how many were new.
    @discardableResult
    func poll() async throws(EngineError) -> Int {
        let newestKnown = try await Dispatcher.storing { () async throws(StoreError) in try await store.cursor(Self.cursorName) }
        var fresh: [ConexteoInboundReply] = []
        var iterator = client.replies(pageSize: 100).makeAsyncIterator()
        do throws(ProviderError) {
            while let reply = try await iterator.next() {
                if reply.id == newestKnown || fresh.count == Self.maxPerPoll { break }
                fresh.append(reply)
            }
        } catch {
            throw EngineError(code: error.code, message: "reading Conexteo replies: \(error.message)")
        }
        guard let newest = fresh.first else { return 0 }
        let now = clock.now()
        let rows = fresh.reversed().compactMap { reply -> InboundRow? in
            // A reply without a readable number cannot be answered or opted out: skip it.
            guard let text = reply.from, let from = try? PhoneNumber.parse(text, region: region).e164 else { return nil }
            return InboundRow(
                provider: "conexteo", providerID: reply.id, from: from, to: reply.to ?? "", body: reply.content,
                receivedAt: reply.receivedAt ?? now)
        }
        return try await Dispatcher.storing { () async throws(StoreError) in
            try await store.recordInbound(rows, cursor: Self.cursorName, position: newest.id).count
        }
    }
}
