import Foundation
import Providers
import SMSCore
import Storage
import StoreSQLite
import Testing

@testable import Engine

/// The polled source works with any provider that lists replies (a capability, not a client).
@Suite("Polling a provider's replies")
struct PolledRepliesTests {
    /// A provider that lists fixed replies, newest first, and sends nothing.
    struct ListingProvider: ReplyPollingProvider {
        let name = "lister"
        let replies: [PolledReply]

        func send(_ message: OutboundMessage) async throws(ProviderError) -> SendReceipt {
            throw ProviderError(code: "not_supported", message: "this test provider only lists replies")
        }

        func recentReplies(pageSize: Int) -> any AsyncSequence<PolledReply, ProviderError> { Replies(rest: replies) }

        struct Replies: AsyncSequence, AsyncIteratorProtocol {
            var rest: [PolledReply]
            func makeAsyncIterator() -> Replies { self }
            mutating func next(isolation actor: isolated (any Actor)?) async throws(ProviderError) -> PolledReply? {
                rest.isEmpty ? nil : rest.removeFirst()
            }
        }
    }

    @Test("a reply whose text holds a NUL is not stored (cut), the others are, under the provider's cursor")
    func nulReplyIsRefusedWhole() async throws {
        let store = try SQLiteStore(path: ":memory:")
        let at = Date(timeIntervalSince1970: 1_800_000_000)
        let provider = ListingProvider(replies: [
            PolledReply(id: "3", from: "+33612345679", to: nil, body: "merci", receivedAt: at + 2),
            PolledReply(id: "2", from: "+33612345678", to: nil, body: "oui\u{0}non", receivedAt: at + 1),
            PolledReply(id: "1", from: "+33612345677", to: nil, body: "bonjour", receivedAt: at),
        ])
        let source = PolledReplies(
            provider: provider, store: store, clock: ManualTimeSource(at), region: "FR", watchingSince: .distantPast)
        #expect(source.cursorName == "lister.replies")
        #expect(try await source.poll() == 2)
        let stored = try await store.recentInbound()
        #expect(Set(stored.map(\.body)) == ["bonjour", "merci"])
        #expect(stored.allSatisfy { $0.provider == "lister" })
        #expect(try await store.cursor("lister.replies") == "3")
    }
}
