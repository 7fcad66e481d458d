import Foundation
import Storage
import Testing

/// One number's replies are routed by one worker at a time, in arrival order (DESIGN.md §2.8):
/// claimed replies are held under the claim, and no worker is handed a reply while an earlier
/// one of the same number is held by another live worker.
@Suite("Storage contract: replies claimed in order per number")
struct InboundOrderContractTests {
    static let t0 = StorageContractTests.t0

    static func claim(_ worker: String, lease seconds: TimeInterval = 300) -> WorkClaim {
        SharedStorageContractTests.claim(worker, lease: seconds)
    }

    /// Stores one reply per entry of `senders`, in order; returns them as stored.
    static func record(_ senders: [String], on storage: any EngineStorage, tag: String = "") async throws -> [InboundRow] {
        let rows = senders.enumerated().map { i, from in
            InboundRow(provider: "sandbox", providerID: "in\(tag)-\(i)", from: from, to: "ACME", body: "m\(i)", receivedAt: t0 + Double(i))
        }
        return try await storage.recordInbound(rows, cursor: nil, position: nil)
    }

    static func claimed(_ storage: any EngineStorage, _ worker: String, limit: Int = 100, lease: TimeInterval = 300) async throws
        -> [String]
    {
        try await storage.claimPendingInbound(limit: limit, now: Date(), excludingSenders: [], claim: claim(worker, lease: lease))
            .map(\.providerID)
    }

    @Test("claimed replies come oldest first, without those deferred or from the numbers left out", arguments: StorageKind.allCases)
    func claimsLikePending(kind: StorageKind) async throws {
        let opened = try await kind.open()
        defer { opened.remove() }
        let s = opened.storage
        let stored = try await Self.record(["+33600000001", "+33600000002", "+33600000001", "+33600000003"], on: s)
        try await s.deferInbound(id: stored[1].id!, retryAt: Date() + 3600, error: "later", plugins: [], countsAsAttempt: false)
        let taken = try await s.claimPendingInbound(limit: 10, now: Date(), excludingSenders: ["+33600000003"], claim: Self.claim("a"))
        #expect(taken.map(\.providerID) == ["in-0", "in-2"])
        try await s.finishInbound(id: stored[0].id!, error: nil, now: Self.t0)
        #expect(try await Self.claimed(s, "a") == ["in-2", "in-3"])
    }

    @Test("a number's later reply is not handed to a worker while another live worker holds an earlier one", arguments: StorageKind.shared)
    func heldNumberWaits(kind: StorageKind) async throws {
        let (opened, other) = try await SharedStorageContractTests.twoInstances(kind)
        defer { opened.remove() }
        let x = "+33600000001"
        let y = "+33600000002"
        let stored = try await Self.record([x, y, x, y, "+33600000003"], on: opened.storage)
        #expect(try await Self.claimed(opened.storage, "a", limit: 1) == ["in-0"])
        // x's next reply waits for "a"; y's and the third number's are free.
        #expect(try await Self.claimed(other, "b") == ["in-1", "in-3", "in-4"])
        // Claimed replies stay their worker's: a third worker gets nothing.
        #expect(try await Self.claimed(other, "c").isEmpty)
        // Once "a" has routed x's first reply, x's second goes to whoever asks.
        try await opened.storage.finishInbound(id: stored[0].id!, error: nil, now: Self.t0)
        #expect(try await Self.claimed(other, "c") == ["in-2"])
    }

    @Test("a lapsed worker's replies are taken over, in order; a deferred one is released at once", arguments: StorageKind.shared)
    func lapsedReplies(kind: StorageKind) async throws {
        let (opened, other) = try await SharedStorageContractTests.twoInstances(kind)
        defer { opened.remove() }
        let x = "+33600000001"
        let stored = try await Self.record([x, x, "+33600000002"], on: opened.storage)
        #expect(try await Self.claimed(opened.storage, "dead", lease: -60) == ["in-0", "in-1", "in-2"])
        #expect(try await Self.claimed(other, "b") == ["in-0", "in-1", "in-2"])
        try await other.deferInbound(id: stored[2].id!, retryAt: Date() - 1, error: "busy", plugins: [], countsAsAttempt: false)
        #expect(try await Self.claimed(opened.storage, "a") == ["in-2"])
    }

    @Test("two workers claiming at once never share a number, and each holds a number's earliest replies", arguments: StorageKind.shared)
    func concurrentClaims(kind: StorageKind) async throws {
        let (opened, other) = try await SharedStorageContractTests.twoInstances(kind)
        defer { opened.remove() }
        let numbers = (0..<12).map { "+3360000\(String(format: "%04d", $0))" }
        // Three replies per number, interleaved as they would arrive.
        let stored = try await Self.record((0..<3).flatMap { _ in numbers }, on: opened.storage)
        let mine = opened.storage
        async let first = mine.claimPendingInbound(limit: 6, now: Date(), excludingSenders: [], claim: Self.claim("a"))
        async let second = other.claimPendingInbound(limit: 6, now: Date(), excludingSenders: [], claim: Self.claim("b"))
        let (a, b) = try await (first, second)
        #expect(!a.isEmpty && !b.isEmpty)
        #expect(Set(a.map(\.from)).isDisjoint(with: Set(b.map(\.from))))
        // Whatever each got of a number is that number's earliest replies, in order.
        for held in [a, b] {
            for number in Set(held.map(\.from)) {
                let got = held.filter { $0.from == number }.compactMap(\.id)
                let all = stored.filter { $0.from == number }.compactMap(\.id)
                #expect(got == Array(all.prefix(got.count)))
            }
        }
    }
    @Test("routing begins only under the worker's claim: a reply another live worker holds is not begun", arguments: StorageKind.shared)
    func beginUnderClaim(kind: StorageKind) async throws {
        let (opened, other) = try await SharedStorageContractTests.twoInstances(kind)
        defer { opened.remove() }
        let stored = try await Self.record(["+33600000001"], on: opened.storage)
        let id = try #require(stored.first?.id)
        #expect(try await Self.claimed(opened.storage, "a") == ["in-0"])
        #expect(try await other.beginInboundAttempt(id: id, claim: Self.claim("b")) == nil)
        #expect(try await opened.storage.beginInboundAttempt(id: id, claim: Self.claim("a")) == 1)
        // "a" stalls past its lease: "b" takes the reply over and begins it.
        #expect(try await opened.storage.beginInboundAttempt(id: id, claim: Self.claim("a", lease: -60)) == 2)
        #expect(try await other.beginInboundAttempt(id: id, claim: Self.claim("b")) == 3)
        #expect(try await opened.storage.beginInboundAttempt(id: id, claim: Self.claim("a")) == nil)
    }

    @Test("a worker that stalled past its lease does not begin a number's later reply while another holds an earlier one", arguments: StorageKind.shared)
    func stalledWorkerWaits(kind: StorageKind) async throws {
        let (opened, other) = try await SharedStorageContractTests.twoInstances(kind)
        defer { opened.remove() }
        let x = "+33600000001"
        let stored = try await Self.record([x, x], on: opened.storage)
        // "a" held both and stalled; "b" took the first over (its window held one).
        #expect(try await Self.claimed(opened.storage, "a", lease: -60) == ["in-0", "in-1"])
        #expect(try await Self.claimed(other, "b", limit: 1) == ["in-0"])
        // "a" wakes up: the second is still marked its own, but the first is "b"'s.
        #expect(try await opened.storage.beginInboundAttempt(id: stored[1].id!, claim: Self.claim("a")) == nil)
        try await other.finishInbound(id: stored[0].id!, error: nil, now: Self.t0)
        #expect(try await opened.storage.beginInboundAttempt(id: stored[1].id!, claim: Self.claim("a")) == 1)
    }

    @Test("replies a worker claimed but gives back are another's to claim at once", arguments: StorageKind.shared)
    func givenBack(kind: StorageKind) async throws {
        let (opened, other) = try await SharedStorageContractTests.twoInstances(kind)
        defer { opened.remove() }
        let stored = try await Self.record(["+33600000001", "+33600000002"], on: opened.storage)
        #expect(try await Self.claimed(opened.storage, "a") == ["in-0", "in-1"])
        #expect(try await Self.claimed(other, "b").isEmpty)
        // Giving back only touches the worker's own claims.
        try await other.releaseInbound(ids: [stored[0].id!], claim: Self.claim("b"))
        try await opened.storage.releaseInbound(ids: [stored[1].id!], claim: Self.claim("a"))
        #expect(try await Self.claimed(other, "b") == ["in-1"])
    }
}
