import Foundation
import Logging
import LuaKit
import Providers
import Storage
import Synchronization

/// What `moonwire serve` runs: the inbound source, the router, the dispatcher and the timers
/// (flow wake-ups and deadlines, schedules, the virtual clock's advances), as loops over the
/// store, until ``stop()``. Stopping lets handlers in flight finish their sends.
public final class Daemon: Sendable {
    let host: ScriptHost
    let router: Router
    /// When this daemon began to watch (real time, to the second: providers stamp replies in
    /// whole seconds). Conexteo replies older than that, on a first poll, are history.
    let startedAt = Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded(.down))
    private let stopping = Atomic<Bool>(false)
    private let counters = Mutex((routed: 0, failed: 0))
    /// The numbers whose messages are being routed now (one task each).
    private let routing = Mutex<Set<String>>([])
    /// Given when a number's routing ends, so the router loop fills the freed slot at once
    /// instead of at its next poll.
    private let slotFreed = WakeSignal()
    /// How long a stop waits for messages being routed before it leaves them pending (a handler
    /// stuck at its budget, or in a call that cannot be stopped, must not hold the stop up).
    public static let routingGrace: Duration = .seconds(3)
    /// This process as the fleet knows it (``WorkerLease``).
    let worker: WorkerRow
    /// The named leases this process holds, each until when (real time) as last taken or renewed.
    let heldLeases = Mutex<[String: Date]>([:])

    /// A daemon over `host`'s runtime, store and provider.
    public init(host: ScriptHost) async {
        self.host = host
        router = Router(
            services: host.services, budget: nil, maxAttempts: host.configuration.inboundAttempts, flows: host.flows)
        worker = WorkerRow(
            id: WorkerLease.workerID, host: WorkerLease.hostName, pid: Int(ProcessInfo.processInfo.processIdentifier),
            backend: host.store.backend, startedAt: startedAt)
    }

    /// This process's worker id, as `moonwire fleet` lists it.
    public var workerID: String { worker.id }

    /// Inbound messages routed so far, and how many had a failing handler.
    public var routed: (total: Int, failed: Int) { counters.withLock { ($0.routed, $0.failed) } }

    /// Asks the loops to finish; ``run()`` returns once handlers in flight are done.
    public func stop() { stopping.store(true, ordering: .relaxed) }

    var isStopping: Bool { stopping.load(ordering: .relaxed) }

    /// Runs until ``stop()``.
    public func run() async {
        let services = host.services
        // From now on a heartbeat renews what this process claims: claims take the short lease.
        WorkerLease.setRenewing(true)
        do throws(EngineError) {
            let recovered = try await services.dispatcher.recoverInterruptedSends()
            if recovered > 0 { services.logger.warning("recovered \(recovered) send(s) interrupted by a stop") }
        } catch {
            services.logger.error("cannot recover interrupted sends: \(error.message)")
        }
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.sourceLoop() }
            group.addTask { await self.routerLoop() }
            group.addTask { await self.dispatchLoop() }
            group.addTask { await self.deliveryLoop() }
            group.addTask { await self.timerLoop() }
            group.addTask { await self.fleetLoop() }
            if let sync = services.stopListSync { group.addTask { await self.stopSyncLoop(sync) } }
            if host.services.clock is VirtualClock { group.addTask { await self.heartbeatLoop() } }
        }
        await leaveFleet()
    }

    /// Pulls the provider's stop list in at start, then every `stopSyncInterval`; one instance of
    /// a fleet at a time (a named lease). A failure is logged and tried again at the next turn.
    func stopSyncLoop(_ sync: StopListSync) async {
        let lease = "\(sync.provider.name).stops"
        while !isStopping {
            if await holds(lease) {
                do throws(EngineError) {
                    let outcome = try await sync.pull()
                    if !outcome.added.isEmpty {
                        host.services.logger.notice(
                            "stop list: \(outcome.added.count) number(s) stopped on \(sync.provider.name)'s side added: \(outcome.added.joined(separator: ", "))")
                    }
                } catch {
                    host.services.logger.warning("stop list sync: \(error.message); trying again in \(host.configuration.stopSyncInterval)")
                }
            }
            await pause(host.configuration.stopSyncInterval)
        }
    }

    /// Says, twice a second, that a serve runs on this database: `moonwire sandbox clock advance`
    /// then leaves the advance to it (and waits), however long its walk through due instants takes.
    func heartbeatLoop() async {
        while !isStopping {
            try? await host.store.markServeAlive(at: Date())
            await pause(.milliseconds(500))
        }
    }

    /// Runs what falls due: flow runs to wake, asks that time out, schedules, runs left active
    /// (started by another process, or interrupted by a crash). At start, schedules missed while
    /// down run once. With the virtual clock, carries out advances asked by another process
    /// (`moonwire sandbox clock advance`): one instance of a fleet walks the clock, the others
    /// follow the stored clock and fire nothing meanwhile (what is due before the walker's
    /// instant is done; what is due at it, the walker does).
    func timerLoop() async {
        let flows = host.flows
        await flows.catchUpMissedSchedules()
        while !isStopping {
            if let state = await flows.refreshClock(), state.target > state.now {
                if await flows.catchUp(waiting: false) { continue }
                await pause()
                continue
            }
            if await flows.fireDue() == 0 { await pause() }
        }
        await flows.idle()
    }

    /// Routes the inbound messages waiting now (after taking in every new sandbox reply);
    /// returns how many. For hosts that drive the engine step by step (tests, the REPL, benches).
    @discardableResult
    public func routeWaiting() async -> Int {
        let services = host.services
        var routed = 0
        while true {
            if let network = services.provider as? any InProcessNetworkProvider {
                while let taken = try? await network.collectReplies(limit: 500), taken > 0 {}
            }
            // Messages held back (the database refused to record their routing) end the walk
            // rather than being routed again at once, forever.
            guard let fetched = try? await services.store.pendingInbound(limit: 4096) else { break }
            let pending = fetched.filter { !router.isHeldBack($0.id) }
            if pending.isEmpty { break }
            await route(pending)
            routed += pending.count
        }
        return routed
    }

    /// Brings new replies into the inbound log: from a provider that lists them (Conexteo's
    /// replies endpoint, polled every `conexteoPollInterval`), or injected into one that runs in
    /// process (the sandbox). Conerix pushes replies by webhook only.
    func sourceLoop() async {
        let services = host.services
        if let polling = services.provider as? any ReplyPollingProvider {
            let source = PolledReplies(
                provider: polling, store: services.store, clock: services.clock, region: services.region,
                watchingSince: startedAt, logger: services.logger)
            // The cursor is one: one instance of the fleet polls at a time.
            let lease = Daemon.pollerLease(polling.name)
            while !isStopping {
                if await holds(lease) {
                    do throws(EngineError) {
                        try await source.poll()
                    } catch {
                        services.logger.error("\(error.message)")
                    }
                }
                await pause(host.configuration.conexteoPollInterval)
            }
            return
        }
        guard let network = services.provider as? any InProcessNetworkProvider else { return }
        while !isStopping {
            guard await holds(Daemon.inProcessLease) else {
                await pause()
                continue
            }
            do throws(ProviderError) {
                let reports = try await network.reportDeliveries()
                if try await network.collectReplies(limit: 500) > 0 || reports > 0 { continue }
            } catch {
                services.logger.error("\(error.message)")
            }
            await pause()
        }
    }

    /// Routes stored inbound messages: different numbers concurrently, one number in order. A
    /// number's messages are routed in a task of their own that this loop does not wait for, so
    /// a handler stuck at its budget (or in a call that cannot be stopped) holds up its number
    /// only: the others keep being answered. On stop, waits ``routingGrace`` for those in flight;
    /// what is left stays pending and is routed at the next start.
    func routerLoop() async {
        let services = host.services
        let concurrency = max(1, host.configuration.concurrency)
        let router = self.router
        while !isStopping {
            let pending: [InboundRow]
            let claim = WorkerLease.claim()
            do throws(StorageError) {
                // Numbers being routed are left out: a number stuck on a handler, with a backlog
                // longer than the window, must not hide the messages of the others.
                let busy = routing.withLock { $0 }
                if busy.count >= concurrency {
                    // Every slot taken: wait for one to free (or poll, so a stop is seen).
                    await slotFreed.wait(atMost: host.configuration.pollInterval)
                    continue
                }
                // A window the size of what can start now: a slot freed after a burst re-reads
                // a few rows, not thousands. Claimed: on a shared database, a number's replies go
                // to one instance at a time.
                pending = try await services.store.claimPendingInbound(
                    limit: (concurrency - busy.count) * 8, now: Date(), excludingSenders: busy, claim: claim)
            } catch {
                services.logger.error("cannot read inbound messages: \(error.message)")
                await pause()
                continue
            }
            var byNumber: [String: [InboundRow]] = [:]
            var order: [String] = []
            // A message held back (the database refused to record its routing) waits its turn
            // instead of being started again at once, in a loop that would never pause.
            for row in pending where !router.isHeldBack(row.id) {
                if byNumber[row.from] == nil { order.append(row.from) }
                byNumber[row.from, default: []].append(row)
            }
            let started = routing.withLock { numbers -> [String] in
                var started: [String] = []
                for number in order where !numbers.contains(number) && numbers.count < concurrency {
                    numbers.insert(number)
                    started.append(number)
                }
                return started
            }
            // What was claimed but does not start now goes back at once: kept, the heartbeat
            // would renew it while this instance is busy, and another could not take it.
            let starting = Set(started)
            let unstarted = pending.filter { !starting.contains($0.from) }.compactMap(\.id)
            if !unstarted.isEmpty {
                do throws(StorageError) {
                    try await services.store.releaseInbound(ids: unstarted, claim: claim)
                } catch {
                    services.logger.error("cannot give back \(unstarted.count) claimed inbound message(s): \(error.message)")
                }
            }
            for number in started {
                let rows = byNumber[number]!
                Task {
                    var failed = 0
                    for row in rows where !(await router.route(row)).isEmpty { failed += 1 }
                    self.record((rows.count, failed))
                    _ = self.routing.withLock { $0.remove(number) }
                    self.slotFreed.signal()
                }
            }
            if started.isEmpty { await pause() }
        }
        let deadline = ContinuousClock.now + Daemon.routingGrace
        while !routing.withLock({ $0.isEmpty }), ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(20))
        }
        let left = routing.withLock { $0.count }
        if left > 0 {
            services.logger.error(
                "stopping with the messages of \(left) number(s) still being routed: they stay pending and are routed at the next start")
        }
    }

    /// Routes `pending`: different numbers concurrently, one number in order.
    func route(_ pending: [InboundRow]) async {
        let concurrency = max(1, host.configuration.concurrency)
        var byNumber: [String: [InboundRow]] = [:]
        var order: [String] = []
        for row in pending {
            if byNumber[row.from] == nil { order.append(row.from) }
            byNumber[row.from, default: []].append(row)
        }
        let router = self.router
        await withTaskGroup(of: (routed: Int, failed: Int).self) { group in
            var running = 0
            for number in order {
                let rows = byNumber[number]!
                if running == concurrency {
                    if let done = await group.next() { record(done) }
                    running -= 1
                }
                group.addTask {
                    var failed = 0
                    for row in rows where !(await router.route(row)).isEmpty { failed += 1 }
                    return (rows.count, failed)
                }
                running += 1
            }
            for await done in group { record(done) }
        }
    }

    private func record(_ done: (routed: Int, failed: Int)) {
        counters.withLock { c in
            c.routed += done.routed
            c.failed += done.failed
        }
    }

    /// Runs `on.delivery` handlers on stored delivery reports, oldest first.
    func deliveryLoop() async {
        let services = host.services
        while !isStopping {
            // Reports are handled in order by one instance of the fleet at a time.
            guard await holds(Daemon.deliveriesLease) else {
                await pause()
                continue
            }
            let pending: [DeliveryRow]
            do throws(StorageError) {
                pending = try await services.store.pendingDeliveries(limit: 256)
            } catch {
                services.logger.error("cannot read delivery reports: \(error.message)")
                await pause()
                continue
            }
            if pending.isEmpty {
                await pause()
                continue
            }
            await router.routeDeliveries(pending)
        }
    }

    /// Sends what fell due: deferred marketing sends whose window opened, sends to try again.
    func dispatchLoop() async {
        let dispatcher = host.services.dispatcher
        while !isStopping {
            if await dispatcher.dispatchDue() == 0 { await pause() }
        }
    }

    func pause(_ duration: Duration? = nil) async {
        // Short slices, so a stop request is seen quickly even during a long interval.
        var left = duration ?? host.configuration.pollInterval
        while left > .zero, !isStopping {
            let slice = min(left, .milliseconds(100))
            try? await Task.sleep(for: slice)
            left -= slice
        }
    }
}
