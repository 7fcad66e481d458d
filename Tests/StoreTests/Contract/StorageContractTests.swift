import Foundation
import Storage
import Testing

/// The storage ports' behaviour, written once and run on every backend (DESIGN.md §2.8): what
/// Engine relies on, whatever holds the data.
@Suite("Storage contract: the same behaviour on every backend")
struct StorageContractTests {
    static let t0 = Date(timeIntervalSince1970: 1_790_000_000)
    static let gate = ContractGate.stopList()
    static let worker = WorkClaim(worker: "test:1", until: t0.addingTimeInterval(300))

    static func send(_ key: String, to: String = "+33612345678", class sendClass: SendClass = .transactional, at: Date = t0)
        -> OutboxRow
    {
        OutboxRow(
            dedupKey: key, to: to, from: "ACME", body: "Bonjour", sendClass: sendClass, origin: .cli, status: .pending,
            notBefore: at, segments: 1, encoding: .gsm7, createdAt: at)
    }

    static func run(_ storage: any EngineStorage, phone: String = "+33612345678") async throws -> Int64 {
        let start = try await storage.startFlowRun(
            FlowRunRow(flow: "drip", phone: phone, sourceHash: nil, vars: "{}", contact: "{}", origin: .lua, createdAt: t0),
            exclusive: true)
        guard case .started(let run) = start, let id = run.id else { throw StorageError(.internal, "no run started") }
        return id
    }

    static func entry(_ run: Int64, _ step: Int, _ kind: FlowJournalRow.Kind, result: String? = nil, due: Date? = nil) -> FlowJournalRow {
        FlowJournalRow(runID: run, step: step, kind: kind, args: "[]", result: result, dueAt: due, at: t0)
    }

    @Test("a dedup key is queued once: the second enqueue gets the stored row", arguments: StorageKind.allCases)
    func dedup(kind: StorageKind) async throws {
        let opened = try await kind.open()
        defer { opened.remove() }
        let s = opened.storage
        guard case .inserted(let first) = try await s.enqueueOutbox(Self.send("k1")) else { Issue.record("not inserted"); return }
        var again = Self.send("k1")
        again.body = "something else"
        #expect(try await s.enqueueOutbox(again) == .existing(first))
        #expect(try await s.outboxRows(statuses: nil, limit: 10).count == 1)
        #expect(try await s.outboxRow(dedupKey: "k1")?.body == "Bonjour")
    }

    @Test("a due row is claimed once; a row not yet due is not claimed", arguments: StorageKind.allCases)
    func claimOnce(kind: StorageKind) async throws {
        let opened = try await kind.open()
        defer { opened.remove() }
        let s = opened.storage
        guard case .inserted(let row) = try await s.enqueueOutbox(Self.send("k1")), let id = row.id else { return }
        guard case .inserted(let later) = try await s.enqueueOutbox(Self.send("k2", at: Self.t0 + 60)), let laterID = later.id
        else { return }
        guard case .claimed(let claimed) = try await s.claimOutbox(id: id, now: Self.t0, gate: Self.gate, claim: Self.worker) else {
            Issue.record("the due row was not claimed")
            return
        }
        #expect(claimed.status == .sending)
        #expect(claimed.attempts == 1)
        #expect(try await s.claimOutbox(id: id, now: Self.t0, gate: Self.gate, claim: Self.worker) == .unavailable(claimed))
        guard case .unavailable(let notDue?) = try await s.claimOutbox(id: laterID, now: Self.t0, gate: Self.gate, claim: Self.worker) else {
            Issue.record("a row not due was claimed")
            return
        }
        #expect(notDue.status == .pending)
        #expect(try await s.claimOutbox(id: 999, now: Self.t0, gate: Self.gate, claim: Self.worker) == .unavailable(nil))
    }

    @Test("claiming due rows takes the due ones, oldest first, up to the limit, and never twice", arguments: StorageKind.allCases)
    func claimDue(kind: StorageKind) async throws {
        let opened = try await kind.open()
        defer { opened.remove() }
        let s = opened.storage
        for (i, offset) in [30.0, 10, 20, 120].enumerated() {
            _ = try await s.enqueueOutbox(Self.send("k\(i)", to: "+3361234567\(i)", at: Self.t0 + offset))
        }
        let now = Self.t0 + 60
        let first = try await s.claimDueOutbox(now: now, limit: 2, gate: Self.gate, claim: Self.worker)
        #expect(first.map(Self.key) == ["k1", "k2"])
        let second = try await s.claimDueOutbox(now: now, limit: 10, gate: Self.gate, claim: Self.worker)
        #expect(second.map(Self.key) == ["k0"])
        #expect(try await s.claimDueOutbox(now: now, limit: 10, gate: Self.gate, claim: Self.worker).isEmpty)
        #expect(try await s.nextOutboxDue() == Self.t0 + 120)
    }

    static func key(_ claim: OutboxClaim) -> String {
        switch claim {
        case .claimed(let row), .blocked(let row): row.dedupKey
        case .unavailable(let row): row?.dedupKey ?? "-"
        }
    }

    @Test("the stop list reaches the gate: a stopped number's row is blocked when claimed, unless the gate lets it through", arguments: StorageKind.allCases)
    func optOutGate(kind: StorageKind) async throws {
        let opened = try await kind.open()
        defer { opened.remove() }
        let s = opened.storage
        let stopped = "+33699999999"
        #expect(try await s.addStop(stopped, source: .keyword, now: Self.t0))
        #expect(try await s.addStop(stopped, source: .keyword, now: Self.t0) == false)
        #expect(try await s.isStopped(stopped))
        #expect(try await s.stops().map(\.source) == [.keyword])
        guard case .inserted(let promo) = try await s.enqueueOutbox(Self.send("promo", to: stopped)),
            case .inserted(let confirmation) = try await s.enqueueOutbox(Self.send("confirm", to: stopped, class: .policy))
        else { return }
        let gate = ContractGate.stopList(letThrough: ["confirm"])
        guard case .blocked(let blocked) = try await s.claimOutbox(id: promo.id!, now: Self.t0, gate: gate, claim: Self.worker) else {
            Issue.record("a send to a stopped number was not blocked")
            return
        }
        #expect(blocked.status == .blocked)
        #expect(blocked.errorCode == "opted_out")
        guard case .claimed(let claimed) = try await s.claimOutbox(id: confirmation.id!, now: Self.t0, gate: gate, claim: Self.worker) else {
            Issue.record("the row the gate lets through was blocked")
            return
        }
        #expect(claimed.sendClass == .policy)
        #expect(try await s.removeStop(stopped))
        #expect(try await s.isStopped(stopped) == false)
    }

    @Test("pending replies come oldest first, without those deferred or from the numbers left out", arguments: StorageKind.allCases)
    func pendingInboundWindow(kind: StorageKind) async throws {
        let opened = try await kind.open()
        defer { opened.remove() }
        let s = opened.storage
        let busy = "+33699999999", other = "+33612345678"
        let rows = (0..<5).map { i in
            InboundRow(provider: "sandbox", providerID: "in-\(i)", from: i < 4 ? busy : other, to: "ACME", body: "m\(i)",
                receivedAt: Self.t0.addingTimeInterval(Double(i)))
        }
        let stored = try await s.recordInbound(rows, cursor: nil, position: nil)
        #expect(stored.count == 5)
        #expect(try await s.pendingInbound(limit: 2, now: Self.t0, excludingSenders: []).map(\.body) == ["m0", "m1"])
        #expect(try await s.pendingInbound(limit: 2, now: Self.t0, excludingSenders: [busy]).map(\.body) == ["m4"])
        let deferred = try #require(stored.first { $0.body == "m4" }?.id)
        try await s.deferInbound(id: deferred, retryAt: Self.t0 + 60, error: "busy", plugins: [], countsAsAttempt: false)
        #expect(try await s.pendingInbound(limit: 10, now: Self.t0, excludingSenders: [busy]).isEmpty)
        #expect(try await s.pendingInbound(limit: 10, now: Self.t0 + 61, excludingSenders: [busy]).map(\.body) == ["m4"])
    }

    @Test("the gate alone decides, on every claiming path: what it blocks is blocked whatever the stop list says", arguments: StorageKind.allCases)
    func gateDecides(kind: StorageKind) async throws {
        let opened = try await kind.open()
        defer { opened.remove() }
        let s = opened.storage
        // Nobody is on the stop list; this gate refuses the sends marked "no" in their key.
        let gate = ContractGate { row, stopped in !stopped && row.dedupKey.hasPrefix("no") }
        _ = try await s.enqueueOutbox(Self.send("no-1", to: "+33600000001"))
        _ = try await s.enqueueOutbox(Self.send("yes-1", to: "+33600000002"))
        let due = try await s.claimDueOutbox(now: Self.t0, limit: 10, gate: gate, claim: Self.worker)
        #expect(due.map(Self.verdict).sorted() == ["blocked no-1", "claimed yes-1"])
        guard case .inserted(let single) = try await s.enqueueOutbox(Self.send("no-2", to: "+33600000003")) else { return }
        #expect(Self.verdict(try await s.claimOutbox(id: single.id!, now: Self.t0, gate: gate, claim: Self.worker)) == "blocked no-2")

        let id = try await Self.run(s, phone: "+33600000004")
        let advance = try await s.advanceFlow(
            runID: id, entries: [Self.entry(id, 1, .send)], completions: [], outbox: Self.send("no-flow", to: "+33600000004"),
            wait: nil, transition: .stay, gate: gate, claim: Self.worker, now: Self.t0)
        // A flow's send the gate blocks is queued, not claimed: the dispatcher's claim blocks it.
        guard case .recorded(.inserted(let queued)?) = advance else {
            Issue.record("the flow's send was not queued: \(advance)")
            return
        }
        #expect(queued.status == .pending)
        #expect(Self.verdict(try await s.claimOutbox(id: queued.id!, now: Self.t0, gate: gate, claim: Self.worker)) == "blocked no-flow")
    }

    static func verdict(_ claim: OutboxClaim) -> String {
        switch claim {
        case .claimed(let row): "claimed \(row.dedupKey)"
        case .blocked(let row): "blocked \(row.dedupKey)"
        case .unavailable(let row): "unavailable \(row?.dedupKey ?? "-")"
        }
    }

    /// Sends "a" and "b" queued and claimed by `worker`; their ids. Throws when either is not.
    static func twoClaimed(_ s: any EngineStorage) async throws -> (a: Int64, b: Int64) {
        var ids: [Int64] = []
        for key in ["a", "b"] {
            guard case .inserted(let row) = try await s.enqueueOutbox(send(key)), let id = row.id,
                case .claimed = try await s.claimOutbox(id: id, now: t0, gate: gate, claim: worker)
            else { throw StorageError(.internal, "send \(key) was not queued and claimed") }
            ids.append(id)
        }
        return (ids[0], ids[1])
    }

    @Test("finishing a send records the provider's answer; a crash's sends are recovered", arguments: StorageKind.allCases)
    func finishAndRecover(kind: StorageKind) async throws {
        let opened = try await kind.open()
        defer { opened.remove() }
        let s = opened.storage
        let (a, _) = try await Self.twoClaimed(s)
        let sent = try await s.finishOutbox(
            id: a, status: .sent, provider: "sandbox", providerMessageID: "sbx_1", errorCode: nil, errorMessage: nil,
            notBefore: nil, now: Self.t0)
        #expect(sent.status == .sent)
        #expect(try await s.outboxRow(provider: "sandbox", messageID: "sbx_1")?.dedupKey == "a")
        #expect(try await s.recoverInterruptedSends(providerDedups: false, now: Self.t0) == 1)
        #expect(try await s.outboxRow(dedupKey: "b")?.status == .unknown)
        #expect(try await s.outboxCounts() == [.sent: 1, .unknown: 1])
    }

    @Test("a send the provider called already processed keeps the flag; others do not have it", arguments: StorageKind.allCases)
    func alreadyProcessedFlag(kind: StorageKind) async throws {
        let opened = try await kind.open()
        defer { opened.remove() }
        let s = opened.storage
        let (a, b) = try await Self.twoClaimed(s)
        #expect(try await s.outboxRow(dedupKey: "a")?.alreadyProcessed == false)
        let repeated = try await s.finishOutbox(
            id: a, status: .sent, provider: "conexteo", providerMessageID: "a", alreadyProcessed: true, errorCode: nil,
            errorMessage: nil, notBefore: nil, now: Self.t0)
        #expect(repeated.alreadyProcessed)
        _ = try await s.finishOutbox(
            id: b, status: .sent, provider: "conexteo", providerMessageID: "m2", errorCode: nil, errorMessage: nil, notBefore: nil,
            now: Self.t0)
        #expect(try await s.outboxRow(dedupKey: "a")?.alreadyProcessed == true)
        #expect(try await s.outboxRow(dedupKey: "b")?.alreadyProcessed == false)
        #expect(try await s.outboxRows(statuses: [.sent], limit: 10).filter(\.alreadyProcessed).map(\.dedupKey) == ["a"])
    }

    @Test("a journal transaction records steps and queues its send together, only while the run is active", arguments: StorageKind.allCases)
    func journal(kind: StorageKind) async throws {
        let opened = try await kind.open()
        defer { opened.remove() }
        let s = opened.storage
        let id = try await Self.run(s)
        guard case .refused = try await s.startFlowRun(
            FlowRunRow(flow: "drip", phone: "+33612345678", sourceHash: nil, vars: "{}", contact: "{}", origin: .lua, createdAt: Self.t0),
            exclusive: true)
        else {
            Issue.record("a second live run of the same flow started")
            return
        }
        let advance = try await s.advanceFlow(
            runID: id, entries: [Self.entry(id, 1, .now, result: "1"), Self.entry(id, 2, .send)], completions: [],
            outbox: Self.send("flow:\(id):2"), wait: nil, transition: .stay, gate: Self.gate, claim: Self.worker, now: Self.t0)
        guard case .recorded(.inserted(let queued)?) = advance else {
            Issue.record("the send was not queued with the steps: \(advance)")
            return
        }
        #expect(queued.status == .sending)  // due now and not stopped: claimed in the same transaction
        #expect(try await s.flowJournal(runID: id).map(\.step) == [1, 2])
        _ = try await s.advanceFlow(
            runID: id, entries: [], completions: [(step: 2, result: "{}")], outbox: nil, wait: nil, transition: .complete,
            gate: Self.gate, claim: Self.worker, now: Self.t0)
        #expect(try await s.flowRun(id: id)?.status == .completed)
        #expect(try await s.flowJournal(runID: id).last?.result == "{}")
        let late = try await s.advanceFlow(
            runID: id, entries: [Self.entry(id, 3, .send)], completions: [], outbox: Self.send("flow:\(id):3"), wait: nil,
            transition: .stay, gate: Self.gate, claim: Self.worker, now: Self.t0)
        #expect(late == .notActive(.completed))
        #expect(try await s.outboxRow(dedupKey: "flow:\(id):3") == nil)
        #expect(try await s.flowJournal(runID: id).count == 2)
    }

    @Test("a wait is answered by a later reply only, once; its deadline times it out", arguments: StorageKind.allCases)
    func waits(kind: StorageKind) async throws {
        let opened = try await kind.open()
        defer { opened.remove() }
        let s = opened.storage
        let phone = "+33612345678"
        let early = try await s.recordInbound(
            [InboundRow(provider: "sandbox", providerID: "r0", from: phone, to: "ACME", body: "early", receivedAt: Self.t0)],
            cursor: nil, position: nil)
        let id = try await Self.run(s, phone: phone)
        _ = try await s.advanceFlow(
            runID: id, entries: [Self.entry(id, 1, .ask, due: Self.t0 + 3600)], completions: [], outbox: nil,
            wait: FlowWaitRow(runID: id, step: 1, phone: phone, deadline: Self.t0 + 3600, createdAt: Self.t0),
            transition: .wait(step: 1, deadline: Self.t0 + 3600), gate: Self.gate, claim: Self.worker, now: Self.t0)
        #expect(try await s.hasFlowWait(phone: phone))
        #expect(try await s.answerFlowWait(inbound: early[0], now: Self.t0) { _ in "early" } == nil)
        let reply = try await s.recordInbound(
            [InboundRow(provider: "sandbox", providerID: "r1", from: phone, to: "ACME", body: "OUI", receivedAt: Self.t0 + 60)],
            cursor: "sandbox.replies", position: "1")
        #expect(try await s.cursor("sandbox.replies") == "1")
        #expect(try await s.answerFlowWait(inbound: reply[0], now: Self.t0 + 60) { _ in "\"OUI\"" } == id)
        #expect(try await s.answerFlowWait(inbound: reply[0], now: Self.t0 + 60) { _ in "again" } == nil)
        #expect(try await s.flowRun(id: id)?.status == .active)
        #expect(try await s.flowJournal(runID: id).first?.result == "\"OUI\"")
        #expect(try await s.inboundCounts() == (pending: 1, handled: 1))

        let other = try await Self.run(s, phone: "+33600000001")
        _ = try await s.advanceFlow(
            runID: other, entries: [Self.entry(other, 1, .ask, due: Self.t0 + 60)], completions: [], outbox: nil,
            wait: FlowWaitRow(runID: other, step: 1, phone: "+33600000001", deadline: Self.t0 + 60, createdAt: Self.t0),
            transition: .wait(step: 1, deadline: Self.t0 + 60), gate: Self.gate, claim: Self.worker, now: Self.t0)
        #expect(try await s.wakeDueFlowRuns(now: Self.t0 + 59, timeoutResult: "timeout", limit: 10, claim: Self.worker).isEmpty)
        #expect(try await s.wakeDueFlowRuns(now: Self.t0 + 60, timeoutResult: "timeout", limit: 10, claim: Self.worker) == [other])
        #expect(try await s.flowJournal(runID: other).first?.result == "timeout")
        #expect(try await s.flowWait(runID: other) == nil)
    }

    @Test("timers: a sleeping run wakes at its instant, once; active runs are claimed for execution", arguments: StorageKind.allCases)
    func timers(kind: StorageKind) async throws {
        let opened = try await kind.open()
        defer { opened.remove() }
        let s = opened.storage
        let id = try await Self.run(s)
        #expect(try await s.claimActiveFlowRuns(limit: 10, claim: Self.worker) == [id])
        let wake = Self.t0 + 3 * 86_400
        _ = try await s.advanceFlow(
            runID: id, entries: [Self.entry(id, 1, .sleep, due: wake)], completions: [], outbox: nil, wait: nil,
            transition: .sleep(until: wake), gate: Self.gate, claim: Self.worker, now: Self.t0)
        try await s.releaseFlowRun(id: id, claim: Self.worker)
        #expect(try await s.claimActiveFlowRuns(limit: 10, claim: Self.worker).isEmpty)
        #expect(try await s.nextFlowWake() == wake)
        #expect(try await s.wakeDueFlowRuns(now: wake - 1, timeoutResult: "t", limit: 10, claim: Self.worker).isEmpty)
        #expect(try await s.wakeDueFlowRuns(now: wake, timeoutResult: "t", limit: 10, claim: Self.worker) == [id])
        #expect(try await s.wakeDueFlowRuns(now: wake, timeoutResult: "t", limit: 10, claim: Self.worker).isEmpty)
        #expect(try await s.claimActiveFlowRuns(limit: 10, claim: Self.worker) == [id])
    }

    @Test("cancelling a run cancels the sends it queued that have not gone out, and no one else's", arguments: StorageKind.allCases)
    func cancel(kind: StorageKind) async throws {
        let opened = try await kind.open()
        defer { opened.remove() }
        let s = opened.storage
        let id = try await Self.run(s)
        var later = Self.send("mine", at: Self.t0 + 3600)
        later.status = .deferred
        later.flowRunID = id
        _ = try await s.enqueueOutbox(later)
        _ = try await s.enqueueOutbox(Self.send("other", at: Self.t0 + 3600))
        #expect(try await s.cancelFlowRun(id: id, now: Self.t0) == true)
        #expect(try await s.cancelFlowRun(id: id, now: Self.t0) == false)
        #expect(try await s.cancelFlowRun(id: 999, now: Self.t0) == nil)
        #expect(try await s.outboxRow(dedupKey: "mine")?.errorCode == "cancelled")
        #expect(try await s.outboxRow(dedupKey: "other")?.status == .pending)
        #expect(try await s.flowRun(id: id)?.status == .cancelled)
    }

    @Test("a schedule fire is claimed while due and recorded once", arguments: StorageKind.allCases)
    func schedules(kind: StorageKind) async throws {
        let opened = try await kind.open()
        defer { opened.remove() }
        let s = opened.storage
        let fire = Self.t0 + 60
        _ = try await s.defineSchedule(
            ScheduleRow(name: "daily", kind: .every, spec: "0 9 * * *", tz: "Europe/Paris", missed: .run, plugin: "p.lua", nextFire: fire,
                updatedAt: Self.t0))
        #expect(try await s.claimDueSchedules(now: Self.t0, names: ["daily"], claim: Self.worker).isEmpty)
        #expect(try await s.claimDueSchedules(now: fire, names: ["daily"], claim: Self.worker).map(\.name) == ["daily"])
        #expect(try await s.claimDueSchedules(now: fire, names: ["other"], claim: Self.worker).isEmpty)
        let next = fire + 86_400
        #expect(try await s.recordScheduleFire(name: "daily", fired: fire, lastFire: fire, next: next, now: fire))
        #expect(try await s.recordScheduleFire(name: "daily", fired: fire, lastFire: fire, next: next, now: fire) == false)
        #expect(try await s.nextScheduleFire(names: nil) == next)
    }

    @Test("the virtual clock is created once, advanced by request and finished at its target", arguments: StorageKind.allCases)
    func clock(kind: StorageKind) async throws {
        let opened = try await kind.open()
        defer { opened.remove() }
        let s = opened.storage
        #expect(try s.virtualClock(seed: Self.t0).now == Self.t0)
        #expect(try s.virtualClock(seed: Self.t0 + 999).now == Self.t0)
        let asked = try await s.requestClockAdvance(seconds: 3600, seed: Self.t0)
        #expect(asked.target == Self.t0 + 3600)
        #expect(asked.now == Self.t0)
        #expect(try await s.finishClockAdvance(target: Self.t0 + 1) == false)
        #expect(try await s.finishClockAdvance(target: Self.t0 + 3600))
        #expect(try await s.virtualClockState()?.now == Self.t0 + 3600)
    }

    @Test("moving the virtual clock never takes it back: a walker that lost its lease cannot undo a later instant", arguments: StorageKind.allCases)
    func clockMovesForwardOnly(kind: StorageKind) async throws {
        let opened = try await kind.open()
        defer { opened.remove() }
        let s = opened.storage
        _ = try s.virtualClock(seed: Self.t0)
        _ = try await s.requestClockAdvance(seconds: 7200, seed: Self.t0)
        #expect(try await s.setVirtualClock(now: Self.t0 + 3600).now == Self.t0 + 3600)
        // A walker behind the one that reached t0 + 1 h finishes its own, earlier instant.
        let late = try await s.setVirtualClock(now: Self.t0 + 1800)
        #expect(late.now == Self.t0 + 3600)
        #expect(late.target == Self.t0 + 7200)
        #expect(try await s.virtualClockState()?.now == Self.t0 + 3600)
        // `clock set` still goes either way.
        #expect(try await s.resetVirtualClock(to: Self.t0).now == Self.t0)
    }

    @Test("delivery reports are stored once and set their send's status; a late 'sent' never overwrites 'delivered'", arguments: StorageKind.allCases)
    func deliveries(kind: StorageKind) async throws {
        let opened = try await kind.open()
        defer { opened.remove() }
        let s = opened.storage
        guard case .inserted(let row) = try await s.enqueueOutbox(Self.send("a")) else { return }
        _ = try await s.claimOutbox(id: row.id!, now: Self.t0, gate: Self.gate, claim: Self.worker)
        _ = try await s.finishOutbox(
            id: row.id!, status: .sent, provider: "sandbox", providerMessageID: "sbx_1", errorCode: nil, errorMessage: nil,
            notBefore: nil, now: Self.t0)
        func report(_ event: String, _ status: DeliveryStatus) -> DeliveryRow {
            DeliveryRow(provider: "sandbox", eventID: event, messageID: "sbx_1", to: row.to, status: status, occurredAt: Self.t0)
        }
        #expect(try await s.recordDeliveries([report("e1", .delivered)], cursor: "dlr", position: "1").count == 1)
        #expect(try await s.recordDeliveries([report("e1", .delivered), report("e2", .sent)], cursor: nil, position: nil).count == 1)
        #expect(try await s.outboxRow(dedupKey: "a")?.deliveryStatus == .delivered)
        #expect(try await s.cursor("dlr") == "1")
        let pending = try await s.pendingDeliveries(limit: 10)
        #expect(pending.count == 2)
        try await s.finishDeliveries(pending.map { (id: $0.id!, error: nil) }, now: Self.t0)
        #expect(try await s.pendingDeliveries(limit: 10).isEmpty)
    }
}
