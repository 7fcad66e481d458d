import Foundation
import Storage
import Testing

/// The fleet's port (DESIGN.md §2.8): workers register, heartbeat and leave; a heartbeat renews
/// every claim its worker holds, a lapsed worker's claims go to the others, a clean stop hands
/// them over at once, and a named lease has one holder. Each test opens the database twice where
/// the backend allows it, as two `moonwire serve` would.
@Suite("Storage contract: the fleet's workers, heartbeats and leases")
struct FleetStorageContractTests {
    static let t0 = StorageContractTests.t0
    static let gate = StorageContractTests.gate

    static func claim(_ worker: String, lease seconds: TimeInterval = 300) -> WorkClaim {
        SharedStorageContractTests.claim(worker, lease: seconds)
    }

    static func worker(_ id: String, pid: Int = 1) -> WorkerRow {
        WorkerRow(id: id, host: "host-\(id)", pid: pid, backend: "test", startedAt: Date())
    }

    /// The database, and a second handle on it: another opening where the backend has one, else
    /// the same store (one process: two workers in it still must not share a lease).
    static func twoHandles(_ kind: StorageKind) async throws -> (OpenedStorage, any EngineStorage) {
        let opened = try await kind.open()
        return (opened, try opened.another?() ?? opened.storage)
    }

    /// A flow run, a send and a due schedule fire claimed by `worker` with a lease of `lease` seconds.
    static func holdWork(
        _ storage: any EngineStorage, worker: String, lease: TimeInterval, tag: Int
    ) async throws -> (run: Int64, send: Int64, schedule: String) {
        let run = try await StorageContractTests.run(storage, phone: "+3361000000\(tag)")
        #expect(try await storage.claimActiveFlowRuns(limit: 1, claim: claim(worker, lease: lease)) == [run])
        _ = try await storage.enqueueOutbox(StorageContractTests.send("hold\(tag)", to: "+3362000000\(tag)"))
        let sends = try await storage.claimDueOutbox(now: t0 + 1, limit: 1, gate: gate, claim: claim(worker, lease: lease))
        let send = try #require(SharedStorageContractTests.ids(sends).first)
        let name = "every-\(tag)"
        _ = try await storage.defineSchedule(
            ScheduleRow(name: name, kind: .every, spec: "0 9 * * *", tz: "Europe/Paris", missed: .run, plugin: "p.lua", nextFire: t0,
                updatedAt: t0))
        #expect(try await storage.claimDueSchedules(now: t0, names: [name], claim: claim(worker, lease: lease)).map(\.name) == [name])
        return (run, send, name)
    }

    @Test("a worker registers, heartbeats and leaves: the fleet lists it live, then no more", arguments: StorageKind.allCases)
    func registerAndLeave(kind: StorageKind) async throws {
        let (opened, other) = try await Self.twoHandles(kind)
        defer { opened.remove() }
        let a = Self.worker("a", pid: 4242)
        try await opened.storage.registerWorker(a, until: Date() + 300)
        let listed = try await other.workers()
        #expect(listed.map(\.worker.id) == ["a"])
        #expect(listed.first?.worker.pid == 4242)
        #expect(listed.first?.worker.host == "host-a")
        #expect(listed.first?.live == true)
        #expect(try await opened.storage.heartbeat(worker: "a", until: Date() + 300) != nil)
        #expect(try await opened.storage.heartbeat(worker: "nobody", until: Date() + 300) == nil)
        try await opened.storage.deregisterWorker("a")
        #expect(try await other.workers().isEmpty)
    }

    @Test("a worker whose heartbeat lapsed is listed as lapsed, after the live ones", arguments: StorageKind.allCases)
    func lapsedListed(kind: StorageKind) async throws {
        let opened = try await kind.open()
        defer { opened.remove() }
        try await opened.storage.registerWorker(Self.worker("dead"), until: Date() - 60)
        try await opened.storage.registerWorker(Self.worker("alive"), until: Date() + 300)
        let listed = try await opened.storage.workers()
        #expect(listed.map(\.worker.id) == ["alive", "dead"])
        #expect(listed.map(\.live) == [true, false])
    }

    @Test("a named lease has one holder; another takes it once it lapses or is released", arguments: StorageKind.shared)
    func namedLease(kind: StorageKind) async throws {
        let (opened, other) = try await Self.twoHandles(kind)
        defer { opened.remove() }
        let mine = opened.storage
        async let first = mine.acquireLease("conexteo.replies", claim: Self.claim("a"))
        async let second = other.acquireLease("conexteo.replies", claim: Self.claim("b"))
        let (a, b) = try await (first, second)
        #expect(a != b)
        let (holder, outsider) = a ? ("a", "b") : ("b", "a")
        // The holder renews it; the other keeps being refused.
        #expect(try await other.acquireLease("conexteo.replies", claim: Self.claim(holder)))
        #expect(try await mine.acquireLease("conexteo.replies", claim: Self.claim(outsider)) == false)
        // Another lease is another job.
        #expect(try await mine.acquireLease("deliveries", claim: Self.claim(outsider)))
        // The holder stops renewing (its last renewal has lapsed): the other takes it over.
        #expect(try await mine.acquireLease("conexteo.replies", claim: Self.claim(holder, lease: -60)))
        #expect(try await other.acquireLease("conexteo.replies", claim: Self.claim(outsider)))
        #expect(try await mine.acquireLease("conexteo.replies", claim: Self.claim(holder)) == false)
        // Released, it is free at once.
        try await other.releaseLease("conexteo.replies", worker: outsider)
        #expect(try await mine.acquireLease("conexteo.replies", claim: Self.claim(holder)))
    }

    @Test("a heartbeat renews the named leases its worker holds", arguments: StorageKind.allCases)
    func heartbeatRenewsLease(kind: StorageKind) async throws {
        let (opened, other) = try await Self.twoHandles(kind)
        defer { opened.remove() }
        try await opened.storage.registerWorker(Self.worker("a"), until: Date() + 300)
        #expect(try await opened.storage.acquireLease("deliveries", claim: Self.claim("a", lease: -60)))
        #expect(try await opened.storage.heartbeat(worker: "a", until: Date() + 300) == 1)
        #expect(try await other.workers().first?.leases == ["deliveries"])
        #expect(try await other.workers().first?.claims == 1)
        // Renewed: on a shared database no one else gets it (one serve works on a SQLite file,
        // where the lease is trivially held).
        if kind.holdsLeases { #expect(try await other.acquireLease("deliveries", claim: Self.claim("b")) == false) }
    }

    @Test("on a one-process backend a named lease is trivially held: a restarted serve takes it at once", arguments: StorageKind.allCases.filter { !$0.holdsLeases })
    func trivialLease(kind: StorageKind) async throws {
        let opened = try await kind.open()
        defer { opened.remove() }
        #expect(try await opened.storage.acquireLease("deliveries", claim: Self.claim("killed")))
        #expect(try await opened.storage.acquireLease("deliveries", claim: Self.claim("restarted")))
        try await opened.storage.registerWorker(Self.worker("restarted"), until: Date() + 300)
        #expect(try await opened.storage.workers().first?.leases == ["deliveries"])
    }

    @Test("a heartbeat renews every claim its worker holds: no other worker takes them", arguments: StorageKind.shared)
    func heartbeatRenewsClaims(kind: StorageKind) async throws {
        let (opened, other) = try await Self.twoHandles(kind)
        defer { opened.remove() }
        try await opened.storage.registerWorker(Self.worker("a"), until: Date() + 300)
        // Claimed with leases that have lapsed: without the heartbeat, they would be anyone's.
        let held = try await Self.holdWork(opened.storage, worker: "a", lease: -60, tag: 1)
        #expect(try await opened.storage.heartbeat(worker: "a", until: Date() + 300) == 3)
        #expect(try await other.claimActiveFlowRuns(limit: 10, claim: Self.claim("b")).isEmpty)
        #expect(try await other.recoverLapsedSends(providerDedups: true, now: Self.t0 + 2) == 0)
        #expect(try await other.claimDueSchedules(now: Self.t0, names: [held.schedule], claim: Self.claim("b")).isEmpty)
        let listed = try await other.workers()
        #expect(listed.first?.claims == 3)
    }

    @Test("a lapsed worker's claims are taken over by another; a live worker's are not", arguments: StorageKind.shared)
    func lapsedTakenOver(kind: StorageKind) async throws {
        let (opened, other) = try await Self.twoHandles(kind)
        defer { opened.remove() }
        try await opened.storage.registerWorker(Self.worker("live"), until: Date() + 300)
        try await opened.storage.registerWorker(Self.worker("dead"), until: Date() + 300)
        let live = try await Self.holdWork(opened.storage, worker: "live", lease: 300, tag: 1)
        let dead = try await Self.holdWork(opened.storage, worker: "dead", lease: 300, tag: 2)
        // "live" heartbeats; "dead" stopped: its last heartbeat's lease has run out.
        #expect(try await opened.storage.heartbeat(worker: "live", until: Date() + 300) == 3)
        #expect(try await opened.storage.heartbeat(worker: "dead", until: Date() - 1) == 3)
        #expect(try await other.claimActiveFlowRuns(limit: 10, claim: Self.claim("b")) == [dead.run])
        #expect(try await other.recoverLapsedSends(providerDedups: true, now: Self.t0 + 2) == 1)
        let retaken = try await other.claimDueOutbox(now: Self.t0 + 2, limit: 10, gate: Self.gate, claim: Self.claim("b"))
        #expect(SharedStorageContractTests.ids(retaken) == [dead.send])
        let schedules = try await other.claimDueSchedules(
            now: Self.t0, names: [live.schedule, dead.schedule], claim: Self.claim("b"))
        #expect(schedules.map(\.name) == [dead.schedule])
        let listed = try await other.workers()
        #expect(listed.map(\.worker.id) == ["live", "dead"])
        #expect(listed.map(\.live) == [true, false])
        #expect(listed.map(\.claims) == [3, 0])
    }

    @Test("a clean stop hands the worker's claims over at once, and its sends in flight to recovery", arguments: StorageKind.shared)
    func cleanStopReleases(kind: StorageKind) async throws {
        let (opened, other) = try await Self.twoHandles(kind)
        defer { opened.remove() }
        try await opened.storage.registerWorker(Self.worker("a"), until: Date() + 300)
        let held = try await Self.holdWork(opened.storage, worker: "a", lease: 300, tag: 1)
        #expect(try await opened.storage.acquireLease("deliveries", claim: Self.claim("a")))
        try await opened.storage.deregisterWorker("a")
        #expect(try await other.workers().isEmpty)
        #expect(try await other.claimActiveFlowRuns(limit: 10, claim: Self.claim("b")) == [held.run])
        #expect(try await other.claimDueSchedules(now: Self.t0, names: [held.schedule], claim: Self.claim("b")).map(\.name) == [held.schedule])
        #expect(try await other.acquireLease("deliveries", claim: Self.claim("b")))
        // The send may have reached the provider: recovered under the exactly-once rules (here
        // the provider dedups: queued again), not handed over as if nothing had happened.
        #expect(try await other.recoverLapsedSends(providerDedups: true, now: Self.t0 + 2) == 1)
        #expect(try await other.outboxRows(statuses: [.pending], limit: 10).compactMap(\.id) == [held.send])
    }
}
