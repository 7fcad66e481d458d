import Foundation
import Storage
import Testing

/// What only a database shared by several processes shows (DESIGN.md §2.8): two instances on
/// one database claim disjoint work, a lapsed lease is taken over, a finished claim stays
/// finished. Run on every backend that holds leases; each test opens the database twice, as
/// two `moonwire serve` would.
@Suite("Storage contract: claims on a shared database")
struct SharedStorageContractTests {
    static let t0 = StorageContractTests.t0
    static let gate = StorageContractTests.gate

    /// A claim by `worker` whose lease runs `seconds` from now (real time: leases are judged by
    /// the database's clock); a negative `seconds` makes a lapsed lease.
    static func claim(_ worker: String, lease seconds: TimeInterval = 300) -> WorkClaim {
        WorkClaim(worker: worker, until: Date().addingTimeInterval(seconds))
    }

    /// The same database opened twice.
    static func twoInstances(_ kind: StorageKind) async throws -> (OpenedStorage, any EngineStorage) {
        let opened = try await kind.open()
        guard let another = opened.another else { throw StorageError(.internal, "\(kind) cannot be opened twice") }
        return (opened, try another())
    }

    static func queue(_ count: Int, on storage: any EngineStorage) async throws {
        for i in 0..<count {
            _ = try await storage.enqueueOutbox(StorageContractTests.send("k\(i)", to: "+336100000\(String(format: "%02d", i))"))
        }
    }

    static func ids(_ claims: [OutboxClaim]) -> Set<Int64> {
        Set(claims.compactMap { if case .claimed(let row) = $0 { row.id } else { nil } })
    }

    @Test("two workers claiming due sends at the same time get disjoint sets that cover every row", arguments: StorageKind.shared)
    func disjointSends(kind: StorageKind) async throws {
        let (opened, other) = try await Self.twoInstances(kind)
        defer { opened.remove() }
        try await Self.queue(40, on: opened.storage)
        let now = Self.t0 + 1
        let mine = opened.storage
        async let a = mine.claimDueOutbox(now: now, limit: 30, gate: Self.gate, claim: Self.claim("a"))
        async let b = other.claimDueOutbox(now: now, limit: 30, gate: Self.gate, claim: Self.claim("b"))
        let (first, second) = try await (Self.ids(a), Self.ids(b))
        #expect(first.isDisjoint(with: second))
        // What one skipped (locked by the other) is still there for the next claim.
        let rest = Self.ids(try await other.claimDueOutbox(now: now, limit: 40, gate: Self.gate, claim: Self.claim("b")))
        #expect(rest.isDisjoint(with: first.union(second)))
        #expect(first.count + second.count + rest.count == 40)
        #expect(try await opened.storage.outboxCounts() == [.sending: 40])
    }

    @Test("two workers claiming active flow runs at the same time get disjoint sets", arguments: StorageKind.shared)
    func disjointRuns(kind: StorageKind) async throws {
        let (opened, other) = try await Self.twoInstances(kind)
        defer { opened.remove() }
        var started: Set<Int64> = []
        for i in 0..<40 { started.insert(try await StorageContractTests.run(opened.storage, phone: "+336200000\(String(format: "%02d", i))")) }
        let mine = opened.storage
        async let a = mine.claimActiveFlowRuns(limit: 40, claim: Self.claim("a"))
        async let b = other.claimActiveFlowRuns(limit: 40, claim: Self.claim("b"))
        let (first, second) = try await (Set(a), Set(b))
        #expect(first.isDisjoint(with: second))
        #expect(first.union(second) == started)
        // Held by live leases: a third worker gets nothing.
        #expect(try await other.claimActiveFlowRuns(limit: 40, claim: Self.claim("c")).isEmpty)
    }

    @Test("a flow run whose lease lapsed is taken over by another worker; a live lease is not", arguments: StorageKind.shared)
    func runLeaseTakeover(kind: StorageKind) async throws {
        let (opened, other) = try await Self.twoInstances(kind)
        defer { opened.remove() }
        let held = try await StorageContractTests.run(opened.storage, phone: "+33600000001")
        #expect(try await opened.storage.claimActiveFlowRuns(limit: 10, claim: Self.claim("a")) == [held])
        let dead = try await StorageContractTests.run(opened.storage, phone: "+33600000002")
        // Worker "dead" claimed it and died: its lease has lapsed.
        #expect(try await opened.storage.claimActiveFlowRuns(limit: 10, claim: Self.claim("dead", lease: -60)) == [dead])
        #expect(try await other.claimActiveFlowRuns(limit: 10, claim: Self.claim("b")) == [dead])
    }

    @Test("a send whose worker's lease lapsed is recovered and claimed by another worker; a live one is left alone", arguments: StorageKind.shared)
    func sendLeaseTakeover(kind: StorageKind) async throws {
        let (opened, other) = try await Self.twoInstances(kind)
        defer { opened.remove() }
        try await Self.queue(2, on: opened.storage)
        let now = Self.t0 + 1
        let live = Self.ids(try await opened.storage.claimDueOutbox(now: now, limit: 1, gate: Self.gate, claim: Self.claim("a")))
        let lapsed = Self.ids(
            try await opened.storage.claimDueOutbox(now: now, limit: 1, gate: Self.gate, claim: Self.claim("dead", lease: -60)))
        #expect(live.count == 1 && lapsed.count == 1)
        // Another instance starting recovers only the dead worker's send.
        #expect(try await other.recoverInterruptedSends(providerDedups: true, now: now) == 1)
        let taken = Self.ids(try await other.claimDueOutbox(now: now, limit: 10, gate: Self.gate, claim: Self.claim("b")))
        #expect(taken == lapsed)
        // Claimed twice in all: by the dead worker, then by "b".
        let row = try await other.outboxRows(statuses: [.sending], limit: 10).first { $0.id == lapsed.first }
        #expect(row?.attempts == 2)
    }

    @Test("a finished claim is not claimed again, even after its lease would have lapsed", arguments: StorageKind.shared)
    func finishedStaysFinished(kind: StorageKind) async throws {
        let (opened, other) = try await Self.twoInstances(kind)
        defer { opened.remove() }
        try await Self.queue(1, on: opened.storage)
        let now = Self.t0 + 1
        let claimed = try await opened.storage.claimDueOutbox(now: now, limit: 10, gate: Self.gate, claim: Self.claim("a", lease: -60))
        let id = try #require(Self.ids(claimed).first)
        _ = try await opened.storage.finishOutbox(
            id: id, status: .sent, provider: "sandbox", providerMessageID: "sbx_1", errorCode: nil, errorMessage: nil, notBefore: nil,
            now: now)
        #expect(try await other.recoverInterruptedSends(providerDedups: true, now: now) == 0)
        #expect(try await other.claimDueOutbox(now: now + 3600, limit: 10, gate: Self.gate, claim: Self.claim("b")).isEmpty)

        let run = try await StorageContractTests.run(opened.storage)
        #expect(try await opened.storage.claimActiveFlowRuns(limit: 10, claim: Self.claim("a", lease: -60)) == [run])
        _ = try await opened.storage.advanceFlow(
            runID: run, entries: [], completions: [], outbox: nil, wait: nil, transition: .complete, gate: Self.gate, claim: Self.claim("a"), now: now)
        #expect(try await other.claimActiveFlowRuns(limit: 10, claim: Self.claim("b")).isEmpty)

        let fire = Self.t0 + 60
        _ = try await opened.storage.defineSchedule(
            ScheduleRow(name: "daily", kind: .every, spec: "0 9 * * *", tz: "Europe/Paris", missed: .run, plugin: "p.lua", nextFire: fire,
                updatedAt: Self.t0))
        #expect(try await opened.storage.claimDueSchedules(now: fire, names: ["daily"], claim: Self.claim("a")).map(\.name) == ["daily"])
        #expect(try await other.claimDueSchedules(now: fire, names: ["daily"], claim: Self.claim("b")).isEmpty)
        #expect(try await opened.storage.recordScheduleFire(name: "daily", fired: fire, lastFire: fire, next: fire + 86_400, now: fire))
        #expect(try await other.claimDueSchedules(now: fire, names: ["daily"], claim: Self.claim("b")).isEmpty)
    }

    @Test("two workers waking due timers at the same time wake each run once", arguments: StorageKind.shared)
    func disjointTimers(kind: StorageKind) async throws {
        let (opened, other) = try await Self.twoInstances(kind)
        defer { opened.remove() }
        let wake = Self.t0 + 60
        var sleeping: Set<Int64> = []
        for i in 0..<30 {
            let id = try await StorageContractTests.run(opened.storage, phone: "+336300000\(String(format: "%02d", i))")
            _ = try await opened.storage.advanceFlow(
                runID: id, entries: [StorageContractTests.entry(id, 1, .sleep, due: wake)], completions: [], outbox: nil, wait: nil,
                transition: .sleep(until: wake), gate: Self.gate, claim: Self.claim("a"), now: Self.t0)
            sleeping.insert(id)
        }
        let mine = opened.storage
        async let a = mine.wakeDueFlowRuns(now: wake, timeoutResult: "t", limit: 30, claim: Self.claim("a"))
        async let b = other.wakeDueFlowRuns(now: wake, timeoutResult: "t", limit: 30, claim: Self.claim("b"))
        let (first, second) = try await (Set(a), Set(b))
        #expect(first.isDisjoint(with: second))
        let rest = Set(try await other.wakeDueFlowRuns(now: wake, timeoutResult: "t", limit: 30, claim: Self.claim("b")))
        #expect(first.union(second).union(rest) == sleeping)
        // Woken runs are held by their waker: no one else claims them while the lease runs.
        #expect(try await other.claimActiveFlowRuns(limit: 40, claim: Self.claim("c")).isEmpty)
    }
    @Test("a send claimed by id is held by its worker: another instance's recovery leaves it alone until it lapses", arguments: StorageKind.shared)
    func claimByIDHolds(kind: StorageKind) async throws {
        let (opened, other) = try await Self.twoInstances(kind)
        defer { opened.remove() }
        guard case .inserted(let live) = try await opened.storage.enqueueOutbox(StorageContractTests.send("live")),
            case .inserted(let dead) = try await opened.storage.enqueueOutbox(StorageContractTests.send("dead"))
        else { Issue.record("not queued"); return }
        let now = Self.t0 + 1
        guard case .claimed = try await opened.storage.claimOutbox(id: live.id!, now: now, gate: Self.gate, claim: Self.claim("a")),
            case .claimed = try await opened.storage.claimOutbox(id: dead.id!, now: now, gate: Self.gate, claim: Self.claim("gone", lease: -60))
        else { Issue.record("not claimed"); return }
        #expect(try await other.recoverInterruptedSends(providerDedups: false, now: now) == 1)
        let rows = try await other.outboxRows(statuses: nil, limit: 10)
        #expect(rows.first { $0.id == live.id }?.status == .sending)
        #expect(rows.first { $0.id == dead.id }?.status == .unknown)
    }

    @Test("a flow run is journaled by the worker holding it: another neither claims it nor journals over it", arguments: StorageKind.shared)
    func advanceHoldsRun(kind: StorageKind) async throws {
        let (opened, other) = try await Self.twoInstances(kind)
        defer { opened.remove() }
        let run = try await StorageContractTests.run(opened.storage)
        #expect(try await opened.storage.claimFlowRun(id: run, claim: Self.claim("a")))
        #expect(try await other.claimFlowRun(id: run, claim: Self.claim("b")) == false)
        // "a" journals a send step and stays active: the run and the send it queued are its own.
        var send = StorageContractTests.send("flow:\(run):1")
        send.flowRunID = run
        let advance = try await opened.storage.advanceFlow(
            runID: run, entries: [StorageContractTests.entry(run, 1, .send)], completions: [], outbox: send, wait: nil, transition: .stay,
            gate: Self.gate, claim: Self.claim("a"), now: Self.t0)
        guard case .recorded(.inserted(let queued)?) = advance else { Issue.record("not recorded: \(advance)"); return }
        #expect(queued.status == .sending)
        #expect(try await other.recoverInterruptedSends(providerDedups: true, now: Self.t0) == 0)
        #expect(try await other.claimActiveFlowRuns(limit: 10, claim: Self.claim("b")).isEmpty)
        let refused = try await other.advanceFlow(
            runID: run, entries: [StorageContractTests.entry(run, 2, .send)], completions: [], outbox: nil, wait: nil, transition: .complete,
            gate: Self.gate, claim: Self.claim("b"), now: Self.t0)
        #expect(refused == .claimedElsewhere(worker: "a"))
        #expect(try await other.flowJournal(runID: run).map(\.step) == [1])
        // "a" stops renewing: once its lease lapses, "b" takes the run over.
        #expect(try await opened.storage.claimFlowRun(id: run, claim: Self.claim("a", lease: -60)))
        #expect(try await other.claimFlowRun(id: run, claim: Self.claim("b")))
    }
}
