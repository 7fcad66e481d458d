import Foundation
import Logging
import LuaKit
import SMSCore
import Storage
import Synchronization

/// Durable flows, schedules and the timekeeping that drives them (DESIGN.md §2.5, §2.6, §2.9):
/// starts runs, executes them by journal replay in their plugin's Lua runtime, wakes sleeping runs,
/// times out asks, fires schedules, and steps the sandbox's virtual clock through due instants
/// in time order. One per ``ScriptHost``; bindings, the router and the daemon share it.
public final class FlowEngine: Sendable {
    /// The flows defined so far.
    public let registry = FlowRegistry()
    /// The schedules defined so far.
    public let schedules = ScheduleRegistry()
    let services: EngineServices
    /// Each execution's time budget (nil: the runtime's default).
    let budget: Duration?
    /// How many runs execute at once when many fall due together.
    let concurrency: Int
    let runner = Mutex(RunnerState())
    /// Serializes clock advances: one walk through due instants at a time.
    let timekeeping = AsyncLock()
    /// True while a walk runs in this process: the clock's memory is ahead of the store then.
    let walking = Mutex(false)
    /// Loads an older version of a flow to replay a run pinned to it (set by the host).
    let versionLoader = Mutex<(@Sendable (String, String) async -> FlowDefinition?)?>(nil)

    /// The hash of a definition whose source is unknown (a REPL line): runs follow the current one.
    static let unpinned = "unpinned"

    /// Which runs execute now, and who waits for none to.
    struct RunnerState {
        var executing: Set<Int64> = []
        var rerun: Set<Int64> = []
        /// Runs a storage fault cut short: when each may execute again, and how many times it was cut.
        var backoff: [Int64: (until: ContinuousClock.Instant, retries: Int)] = [:]
        var spawned = 0
        var idleWaiters: [CheckedContinuation<Void, Never>] = []
    }

    /// The Lua functions every flow table shares, made once in each runtime's state (a definition
    /// runs in the runtime of the plugin that defined it: ``FlowDefinition``'s owner).
    struct FlowMethods: Sendable {
        var send, ask, sleep, sleepUntil, now, random, word, http: LuaReference
        /// `flow:state_get`, `flow:state_set`, `flow:state_incr`, `flow:state_delete`.
        var state: [String: LuaReference]
    }

    init(services: EngineServices, budget: Duration?, concurrency: Int = 256) {
        self.services = services
        self.concurrency = max(1, concurrency)
        self.budget = budget
    }

    var store: any EngineStorage { services.store }
    var clock: any TimeSource { services.clock }
    var logger: Logger { services.logger }

    /// The flow methods of `owner`'s state, made there on first use.
    func methods(in owner: PluginRuntime) async -> FlowMethods {
        if let cached = owner.flowMethods.withLock({ $0 }) { return cached }
        return await owner.runtime.withState { state in
            owner.flowMethods.withLock { cache in
                if let cache { return cache }
                let made = self.makeMethods(in: state, plugin: owner.plugin)
                cache = made
                return made
            }
        }
    }

    // MARK: - Starting and ending runs

    /// What `flows.start` and `moonwire flows start` get.
    public enum StartOutcome: Sendable, Hashable {
        /// The run is stored and starting.
        case started(runID: Int64)
        /// The number has a live run of this flow already.
        case refused(existing: FlowRunRow)
    }

    /// Starts flow `name` for `phone` (E.164) with `vars`; the run executes right away in the
    /// runtime of the plugin that defined the flow. Refused when the number has a live run of the flow, unless allowed.
    public func start(
        flow name: String, phone: String, vars: LuaTable = LuaTable(), allowParallel: Bool = false, origin: FlowRunRow.Origin = .lua
    ) async throws(EngineError) -> StartOutcome {
        guard let definition = registry.current(name) else {
            let known = registry.currentDefinitions.map(\.name)
            throw EngineError(
                code: "unknown_flow",
                message: "no flow named '\(name)' is defined"
                    + (known.isEmpty ? " (none is: define one with flows.define)" : " (defined: \(known.joined(separator: ", ")))"))
        }
        let outcome = try await FlowEngine.record(
            store: store, clock: clock, flow: name, hash: definition.sourceHash, phone: phone, vars: vars,
            exclusive: !(allowParallel || definition.allowParallel), origin: origin)
        if case .started(let id) = outcome { spawnDrive(id) }
        return outcome
    }

    /// Stores a new run of `flow` at version `hash` (with a snapshot of the contact), refusing a
    /// second live run for the number when `exclusive`. It executes when a host drives it.
    public static func record(
        store: any EngineStorage, clock: any TimeSource, flow: String, hash: String, phone: String, vars: LuaTable, exclusive: Bool,
        origin: FlowRunRow.Origin
    ) async throws(EngineError) -> StartOutcome {
        try await record(
            store: store, clock: clock, flow: flow, hash: hash, phones: [phone], vars: vars, exclusive: exclusive, origin: origin
        )[0]
    }

    /// Stores a run of `flow` for each of `phones` (E.164) as ``record(store:clock:flow:hash:phone:vars:exclusive:origin:)``
    /// does, in one transaction: starting a list of numbers costs one commit, not one each.
    /// Outcomes are in `phones`' order.
    public static func record(
        store: any EngineStorage, clock: any TimeSource, flow: String, hash: String, phones: [String], vars: LuaTable, exclusive: Bool,
        origin: FlowRunRow.Origin
    ) async throws(EngineError) -> [StartOutcome] {
        let contacts = try await Dispatcher.storing { () async throws(StorageError) in try await store.contacts(phones) }
        let now = clock.now()
        let encodedVars = LuaValue.table(vars).json
        let rows = phones.map { phone in
            let contact = contacts[phone].map { Bindings.contactValue($0, lists: nil) } ?? .table(LuaTable(["phone": .text(phone)]))
            return FlowRunRow(
                flow: flow, phone: phone, sourceHash: hash, vars: encodedVars, contact: contact.json, origin: origin,
                createdAt: now)
        }
        let starts = try await Dispatcher.storing { () async throws(StorageError) in try await store.startFlowRuns(rows, exclusive: exclusive) }
        return starts.map { start in
            switch start {
            case .started(let stored):
                EngineMetrics.flowRun(flow: flow, .started)
                return .started(runID: stored.id!)
            case .refused(let existing): return .refused(existing: existing)
            }
        }
    }

    /// Cancels run `id`: nil when there is none, false when it was already over. A run
    /// executing now stops at its next effect.
    public func cancel(_ id: Int64) async throws(EngineError) -> Bool? {
        let now = clock.now()
        return try await Dispatcher.storing { () async throws(StorageError) in try await store.cancelFlowRun(id: id, now: now) }
    }

    /// Stops every live run talking to `phone` (it replied STOP).
    func stopRuns(for phone: String) async throws(EngineError) {
        let now = clock.now()
        let stopped = try await Dispatcher.storing { () async throws(StorageError) in try await store.stopFlowRuns(phone: phone, now: now) }
        if !stopped.isEmpty { logger.info("\(phone) replied STOP: flow run(s) \(stopped.map(String.init).joined(separator: ", ")) stopped") }
    }

    // MARK: - Driving runs

    /// Executes run `id` in a task of its own.
    func spawnDrive(_ id: Int64) {
        runner.withLock { $0.spawned += 1 }
        Task.detached {
            await self.drive(id)
            self.runner.withLock { $0.spawned -= 1 }
            self.resumeIdleWaiters()
        }
    }

    /// Executes run `id` until it parks or ends; if it executes already, it will execute again
    /// once more afterwards (it was answered or woken meanwhile).
    func drive(_ id: Int64) async {
        let first = runner.withLock { s -> Bool in
            guard !s.executing.contains(id) else {
                s.rerun.insert(id)
                return false
            }
            s.executing.insert(id)
            return true
        }
        guard first else { return }
        while true {
            await execute(id)
            let again = runner.withLock { s -> Bool in
                if s.rerun.remove(id) != nil { return true }
                s.executing.remove(id)
                return false
            }
            if !again { break }
        }
        resumeIdleWaiters()
    }

    /// Waits until no run executes.
    public func idle() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let idle = runner.withLock { s -> Bool in
                if s.executing.isEmpty && s.spawned == 0 { return true }
                s.idleWaiters.append(continuation)
                return false
            }
            if idle { continuation.resume() }
        }
    }

    private func resumeIdleWaiters() {
        let waiters = runner.withLock { s -> [CheckedContinuation<Void, Never>] in
            guard s.executing.isEmpty && s.spawned == 0 else { return [] }
            defer { s.idleWaiters = [] }
            return s.idleWaiters
        }
        for waiter in waiters { waiter.resume() }
    }

    /// True when run `id` executes in this process now.
    func isExecuting(_ id: Int64) -> Bool { runner.withLock { $0.executing.contains(id) } }

    /// True when run `id` waits out a backoff after a storage fault.
    func isBackingOff(_ id: Int64) -> Bool {
        runner.withLock { s in s.backoff[id].map { $0.until > ContinuousClock.now } ?? false }
    }

    /// Run `id` was cut short by a storage fault: it stays active and executes again after a
    /// backoff (1, 2, 4 ... 30 s); returns the delay in seconds.
    func backOff(_ id: Int64) -> Int {
        runner.withLock { s in
            let retries = (s.backoff[id]?.retries ?? 0) + 1
            let delay = min(30, 1 << min(retries - 1, 5))
            s.backoff[id] = (ContinuousClock.now + .seconds(delay), retries)
            return delay
        }
    }
}
