import Foundation
import SandboxStore
import Storage
import StorageBackends
import Synchronization
import TestSupport
import Testing

/// Two store objects on one database, as two processes see it (two `moonwire serve`, or serve
/// and `moonwire sandbox reply`), racing the operations that must not lose or double anything.
@Suite("The sandbox's store shared by two processes")
struct SandboxSharedDatabaseTests {
    static let start = Date(timeIntervalSince1970: 1_790_000_000)

    static func message(_ id: String, to: String = "+33612345678", externalID: String? = nil) -> SandboxMessage {
        SandboxMessage(
            id: id, to: to, from: "ACME", body: "Hello", encoding: "GSM-7", segments: 1, status: "accepted",
            externalID: externalID, createdAt: start)
    }

    /// The two processes' stores: the engine's neighbour and one opened alone.
    static func pair(_ kind: SandboxKind) async throws -> (opened: OpenedSandbox, stores: [any SandboxStorage]) {
        let opened = try await kind.open()
        return (opened, [opened.store, try opened.another()])
    }

    @Test("2 x 200 concurrent one-credit sends on a 300-credit account: 300 stored and debited, 100 refused", arguments: SandboxKind.allCases)
    func concurrentDebits(kind: SandboxKind) async throws {
        let (opened, stores) = try await Self.pair(kind)
        defer { opened.remove() }
        let debit = SandboxDebit(account: "conexteo", amount: 1, startingBalance: 300)
        let outcomes = try await withThrowingTaskGroup(of: SandboxSend.self) { group in
            for (s, store) in stores.enumerated() {
                for i in 0..<200 {
                    group.addTask { try await store.recordSandboxSend([Self.message("sbx_\(s)_\(i)")], debit: debit) }
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        let remaining = outcomes.compactMap { if case .inserted(_, let left) = $0 { left } else { nil } }
        let refused = outcomes.filter { if case .insufficientCredits(available: 0) = $0 { true } else { false } }
        #expect(remaining.count == 300)
        // Each debit saw the one before it: the balances left run 299 down to 0, each once.
        #expect(remaining.sorted() == Array(0..<300))
        #expect(refused.count == 100)
        #expect(try await stores[1].sandboxCredits(account: "conexteo", startingBalance: 300) == 0)
        #expect(try await stores[0].sandboxMessages().count == 300)
    }

    @Test("sends with one external id from two processes store one message", arguments: SandboxKind.allCases)
    func concurrentExternalIDs(kind: SandboxKind) async throws {
        let (opened, stores) = try await Self.pair(kind)
        defer { opened.remove() }
        let debit = SandboxDebit(account: "conexteo", amount: 1, startingBalance: 100)
        let outcomes = try await withThrowingTaskGroup(of: SandboxSend.self) { group in
            for (s, store) in stores.enumerated() {
                for i in 0..<50 {
                    // Each send holds a fresh id and the one shared key, so only one may go through.
                    group.addTask {
                        try await store.recordSandboxSend(
                            [Self.message("sbx_\(s)_\(i)_a", externalID: "order-\(s)-\(i)"), Self.message("sbx_\(s)_\(i)_b", externalID: "shared")],
                            debit: debit)
                    }
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        let inserted = outcomes.filter { if case .inserted = $0 { true } else { false } }
        #expect(inserted.count == 1)
        #expect(outcomes.count == 100)
        #expect(try await stores[0].sandboxMessages().count == 2)
        #expect(try await stores[1].sandboxCredits(account: "conexteo", startingBalance: 100) == 99)
    }

    @Test("two processes stopping the same 100 numbers: each is new exactly once, none stopped twice", arguments: SandboxKind.allCases)
    func concurrentStops(kind: SandboxKind) async throws {
        let (opened, stores) = try await Self.pair(kind)
        defer { opened.remove() }
        let numbers = (0..<100).map { "+3361000\(String(format: "%04d", $0))" }
        let additions = try await withThrowingTaskGroup(of: [SandboxStopAddition].self) { group in
            for store in stores {
                for chunk in stride(from: 0, to: numbers.count, by: 10) {
                    group.addTask { try await store.addSandboxStops(recipients: Array(numbers[chunk..<chunk + 10]), at: Self.start) }
                }
            }
            return try await group.reduce(into: []) { $0 += $1 }
        }
        #expect(additions.count == 200)
        let new = additions.filter(\.isNew).map(\.stop.recipient)
        #expect(new.sorted() == numbers)
        #expect(try await stores[1].sandboxStopCount() == 100)
        // The entry a later addition returns is the one stored.
        let stored = Dictionary(uniqueKeysWithValues: try await stores[0].sandboxStops().map { ($0.recipient, $0.id) })
        #expect(additions.allSatisfy { stored[$0.stop.recipient] == $0.stop.id })
    }

    @Test("a delivery-report poller following its cursor while two processes send sees every message once", arguments: SandboxKind.allCases)
    func cursorSeesEveryMessage(kind: SandboxKind) async throws {
        let (opened, stores) = try await Self.pair(kind)
        defer { opened.remove() }
        let poller = try opened.another()
        let done = Flag()
        let writers = Task {
            defer { done.raise() }
            try await withThrowingTaskGroup(of: Void.self) { group in
                for (s, store) in stores.enumerated() {
                    for i in 0..<100 {
                        group.addTask { _ = try await store.insertSandboxMessage(Self.message("sbx_\(s)_\(i)")) }
                    }
                }
                try await group.waitForAll()
            }
        }
        var cursor: Int64 = 0
        var seen: [String] = []
        while true {
            // Read before polling: once the writers are done, an empty poll means nothing is left.
            let writersDone = done.isRaised
            let reports = try await poller.deliveryReports(after: cursor, limit: 7)
            seen += reports.map(\.messageID)
            cursor = reports.last?.position ?? cursor
            if writersDone && reports.isEmpty { break }
            if reports.isEmpty { await Task.yield() }
        }
        try await writers.value
        #expect(seen.count == 200)
        #expect(Set(seen).count == 200)
        #expect(try await stores[0].sandboxMessages().allSatisfy { $0.status == "delivered" })
    }

    @Test("sends and sub-account top-ups drawing on one parent balance from two processes never overdraw it", arguments: SandboxKind.allCases)
    func sendsAndCreditMoves(kind: SandboxKind) async throws {
        let (opened, stores) = try await Self.pair(kind)
        defer { opened.remove() }
        guard case .created(let account) = try await stores[0].createSandboxSubAccount(
            name: "A", email: "a@b.fr", creditMode: "dedicated", at: Self.start)
        else { Issue.record("not created"); return }
        let id = try #require(account.id)
        let debit = SandboxDebit(account: "conexteo", amount: 1, startingBalance: 150)
        let outcomes = try await withThrowingTaskGroup(of: Bool.self) { group in
            for (s, store) in stores.enumerated() {
                for i in 0..<50 {
                    group.addTask {
                        if case .inserted = try await store.recordSandboxSend([Self.message("sbx_\(s)_\(i)")], debit: debit) { return true }
                        return false
                    }
                    group.addTask {
                        let move = try await store.moveSandboxSubAccountCredits(
                            id: id, .add, credits: 1, parentAccount: "conexteo", startingBalance: 150, at: Self.start)
                        if case .moved = move { return true }
                        return false
                    }
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        let sent = try await stores[0].sandboxMessages().count
        let moved = try #require(try await stores[1].sandboxSubAccount(id: id)).credits
        #expect(outcomes.filter { $0 }.count == 150)
        #expect(sent + moved == 150)
        #expect(try await stores[1].sandboxSubAccountCreditHistory(id: id)?.count == moved)
        #expect(try await stores[0].sandboxCredits(account: "conexteo", startingBalance: 150) == 0)
    }
}

/// A flag one task raises and another reads.
final class Flag: Sendable {
    private let raised = Mutex(false)

    var isRaised: Bool { raised.withLock { $0 } }

    func raise() { raised.withLock { $0 = true } }
}
