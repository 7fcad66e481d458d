import Foundation
import Logging
import Providers
import SMSCore
import Storage

/// The inbound source of a provider whose replies are fetched (``ReplyPollingProvider``: Conexteo's
/// `GET /messages/replies`, newest first): reads pages until it meets the newest reply it stored
/// last time; the new ones are stored oldest first, with the
/// cursor, in one transaction. On the very first poll there is no cursor: replies received before
/// `watchingSince` (when serve started) are history, not messages to answer. A cursor the
/// provider no longer lists costs one full read, never a duplicate: inbound rows are unique per
/// provider id.
struct PolledReplies: Sendable {
    /// The cursor's value before any reply was seen.
    static let emptyList = ""

    let provider: any ReplyPollingProvider
    let store: any EngineStorage
    let clock: any TimeSource
    let region: String
    /// Real time (provider timestamps are real, even when MOONWIRE_NOW shifts the engine's clock).
    let watchingSince: Date
    /// Where a reply that cannot be stored is reported.
    var logger = Logger(label: "moonwire.replies")

    /// The cursor's name in the store (`conexteo.replies`).
    var cursorName: String { "\(provider.name).replies" }

    /// Stores the replies that arrived since the last poll; returns how many were new.
    @discardableResult
    func poll() async throws(EngineError) -> Int {
        let store = self.store
        let cursorName = self.cursorName
        let newestKnown = try await Dispatcher.storing { () async throws(StorageError) in try await store.cursor(cursorName) }
        var fresh: [PolledReply] = []
        do throws(ProviderError) {
            for try await reply in provider.recentReplies(pageSize: 100) {
                // Everything down to the cursor, however many: stopping short would lose the rest.
                if reply.id == newestKnown { break }
                if newestKnown == nil, (reply.receivedAt ?? .distantPast) < watchingSince {
                    if fresh.isEmpty { fresh.append(reply) }  // only to place the cursor
                    break
                }
                fresh.append(reply)
            }
        } catch {
            throw EngineError(code: error.code, message: "reading \(provider.name) replies: \(error.message)")
        }
        guard let newest = fresh.first else {
            if newestKnown == nil {
                try await Dispatcher.storing { () async throws(StorageError) in
                    _ = try await store.recordInbound([], cursor: cursorName, position: Self.emptyList)
                }
            }
            return 0
        }
        if newestKnown == nil, (newest.receivedAt ?? .distantPast) < watchingSince { fresh = [] }  // history only
        let now = clock.now()
        let rows = fresh.reversed().compactMap { reply -> InboundRow? in
            // A reply without a readable number cannot be answered or opted out: skip it.
            guard let text = reply.from, let from = try? PhoneNumber.parse(text, region: region).e164 else { return nil }
            // SQLite text ends at a NUL: such a reply is refused whole (and said so), never stored cut.
            if let position = reply.body.nulPosition {
                logger.error(
                    "\(provider.name) reply \(reply.id) from \(from) was not stored: its text holds a NUL character at character \(position)")
                return nil
            }
            return InboundRow(
                provider: provider.name, providerID: reply.id, from: from, to: reply.to ?? "", body: reply.body,
                receivedAt: reply.receivedAt ?? now)
        }
        return try await Dispatcher.storing { () async throws(StorageError) in
            try await store.recordInbound(rows, cursor: cursorName, position: newest.id).count
        }
    }
}
