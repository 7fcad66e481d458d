import Foundation
import Logging
import LuaKit
import Providers
import SMSCore
import Storage
import Synchronization

extension FlowEngine {
    /// True in the task walking the clock (and in the schedules it fires).
    @TaskLocal static var walkingClock = false

    /// Does what is due at the clock's instant: sends (deferred marketing, retries), sleeping
    /// runs whose wake-up came, asks whose deadline passed, active runs no one executes (started
    /// by another process, or interrupted by a crash), and schedules. Returns how much it did.
    ///
    /// Outside a walk of the clock it holds the timekeeping lock, so a schedule due now is not
    /// fired both here and by an advance under way (a schedule is recorded only after it ran).
    /// Due sends are left to serve's dispatch loop, except during a walk, where each instant's
    /// sends must go out at that instant.
    @discardableResult
    public func fireDue() async -> Int {
        if FlowEngine.walkingClock { return await fireDueNow() }
        return await timekeeping.withLock { await fireDueNow() }
    }

    private func fireDueNow() async -> Int {
        let now = clock.now()
        var done = 0
        while FlowEngine.walkingClock {
            let sent = await services.dispatcher.dispatchDue(limit: 200)
            done += sent
            if sent < 200 { break }
        }
        let store = self.store
        let timedOut = FlowStepResult().json
        while true {
            let woken: [Int64]
            do throws(StorageError) {
                woken = try await store.wakeDueFlowRuns(now: now, timeoutResult: timedOut, limit: 1000, claim: workClaim)
            } catch {
                logger.error("cannot wake due flow runs: \(error.message)")
                break
            }
            if woken.isEmpty { break }
            EngineMetrics.timersDue(woken.count)
            await forEach(woken) { id in await self.drive(id) }
            done += woken.count
        }
        do throws(StorageError) {
            let orphans = try await store.claimActiveFlowRuns(limit: 1000, claim: workClaim)
                .filter { !isExecuting($0) && !isBackingOff($0) }
            await forEach(orphans) { id in await self.drive(id) }
            done += orphans.count
        } catch {
            logger.error("cannot read active flow runs: \(error.message)")
        }
        done += await fireDueSchedules(now: now)
        return done
    }

    /// Runs `body` on each item, a few at a time.
    func forEach<T: Sendable>(_ items: [T], _ body: @escaping @Sendable (T) async -> Void) async {
        await withTaskGroup(of: Void.self) { group in
            var running = 0
            for item in items {
                if running == concurrency {
                    await group.next()
                    running -= 1
                }
                group.addTask { await body(item) }
                running += 1
            }
        }
    }

    // MARK: - The virtual clock

    /// Advances the sandbox's virtual clock by `duration`, stopping at each instant where
    /// something falls due (in time order) to do it, so `flow:now()` and send times are those
    /// instants. Returns the new time.
    public func advanceClock(by duration: Duration) async throws(EngineError) -> Date {
        guard let virtual = clock as? VirtualClock else {
            throw EngineError(
                code: "not_virtual",
                message: "the clock can only be advanced with the sandbox provider; \(services.provider.name) uses the system clock")
        }
        let store = self.store
        let seed = virtual.now()
        let state = try await Dispatcher.storing { () async throws(StorageError) in
            try await store.requestClockAdvance(seconds: duration.seconds, seed: seed)
        }
        // Called from a schedule the walk fires: the walk in progress goes on to the new target.
        if FlowEngine.walkingClock { return state.target }
        await catchUp()
        return virtual.now()
    }

    /// The named lease an instance walks the virtual clock under: one walker across a fleet.
    public static let clockLease = "clock"

    /// How a walk through due instants ended.
    enum WalkEnd {
        /// The clock stands at its target.
        case done
        /// Another instance took the walk over (this one's lease lapsed).
        case lostLease
        /// The store failed, or what is due does not progress: logged, to be tried again.
        case failed
    }

    /// Walks the virtual clock to its target (set by an advance here or in another process),
    /// doing what falls due at each instant on the way. On a shared database one instance walks
    /// at a time, under the named lease ``clockLease``: two walkers would each move the stored
    /// clock and fire at their own instants. One that finds the lease held follows the stored
    /// clock instead: with `waiting`, until it reaches the target (taking the walk over when
    /// the walker dies and its lease lapses), else it returns at once. Returns true when the
    /// clock stands at its target. Always true on the system clock.
    @discardableResult
    public func catchUp(waiting: Bool = true) async -> Bool {
        guard let virtual = clock as? VirtualClock else { return true }
        return await timekeeping.withLock {
            // The first time round it walks even at the target: what is due now is done now
            // (`clock.advance(0)` executes the runs waiting to).
            var following = false
            while true {
                if following {
                    do throws(StorageError) {
                        guard let state = try await virtual.refresh() else { return true }
                        if state.now >= state.target { return true }
                    } catch {
                        logger.error("cannot read the virtual clock: \(error.message)")
                        return false
                    }
                }
                following = true
                if await takeClockLease() {
                    walking.withLock { $0 = true }
                    let end = await FlowEngine.$walkingClock.withValue(true) { await walk(virtual) }
                    walking.withLock { $0 = false }
                    await releaseClockLease()
                    switch end {
                    case .done: return true
                    case .failed: return false
                    case .lostLease: if !waiting { return false }
                    }
                } else if !waiting {
                    return false
                }
                // Another instance walks: the stored clock shows each instant once it is done.
                try? await Task.sleep(for: FlowEngine.followInterval)
            }
        }
    }

    /// How often an instance that waits for another's walk reads the stored clock.
    static let followInterval: Duration = .milliseconds(50)

    /// Takes (or renews) the walker's lease; false when another live instance holds it.
    private func takeClockLease() async -> Bool {
        do throws(StorageError) {
            return try await store.acquireLease(FlowEngine.clockLease, claim: workClaim)
        } catch {
            logger.error("cannot take the virtual clock's lease: \(error.message)")
            return false
        }
    }

    /// Gives the walker's lease back once the walk ended, so another instance's advance needs
    /// no lapse to be carried out.
    private func releaseClockLease() async {
        do throws(StorageError) {
            try await store.releaseLease(FlowEngine.clockLease, worker: workClaim.worker)
        } catch {
            logger.error("cannot release the virtual clock's lease: \(error.message)")
        }
    }

    /// Reads the virtual clock again from the store (another process may have moved it or asked
    /// for an advance), unless a walk here is ahead of the store; returns the stored state.
    public func refreshClock() async -> VirtualClockState? {
        guard let virtual = clock as? VirtualClock, !walking.withLock({ $0 }) else { return nil }
        return try? await virtual.refresh()
    }

    /// How long the walk may find no progress at an instant before it says the clock is stuck:
    /// past a lease, so work a dead instance held there has lapsed and been taken over.
    static let stuckAfter: Duration = .seconds(WorkerLease.heartbeatLease + 5)

    private func walk(_ virtual: VirtualClock) async -> WalkEnd {
        var stalledSince: ContinuousClock.Instant?
        while true {
            await idle()
            let state: VirtualClockState
            do throws(StorageError) {
                guard let read = try await virtual.refresh() else { return .done }
                state = read
            } catch {
                logger.error("cannot read the virtual clock: \(error.message)")
                return .failed
            }
            // Renewed at each instant: a walker that stalled past its lease and was taken over
            // stops here rather than walking beside the new one.
            guard await takeClockLease() else {
                logger.warning("another instance took the virtual clock's walk over")
                return .lostLease
            }
            if let next = await nextDue(now: state.now), next <= state.target {
                // The clock reads the instant here at once, and in the store only once what is
                // due there is done: another process waiting for the advance (the CLI, the other
                // instances) sees the target only when it is complete, and a crash on the way
                // redoes the instant.
                let instant = max(next, state.now)
                virtual.adopt(instant)
                let done = await fireDue()
                await idle()
                if instant > state.now {
                    do throws(StorageError) {
                        try await virtual.move(to: instant)
                    } catch {
                        logger.error("cannot move the virtual clock: \(error.message)")
                        return .failed
                    }
                    stalledSince = nil
                } else if done == 0 {
                    // Due here but nothing this instance could do: runs another instance executes
                    // (a reply it answered), or work a dead one held until its lease lapses.
                    let since = stalledSince ?? .now
                    stalledSince = since
                    if ContinuousClock.now - since > FlowEngine.stuckAfter {
                        logger.error("the virtual clock is stuck at \(state.now.formatted(.iso8601)): what is due there does not progress")
                        return .failed
                    }
                    try? await Task.sleep(for: .milliseconds(20))
                } else {
                    stalledSince = nil
                }
                continue
            }
            do throws(StorageError) {
                if try await store.finishClockAdvance(target: state.target) {
                    virtual.adopt(state.target)
                    return .done
                }
            } catch {
                logger.error("cannot move the virtual clock: \(error.message)")
                return .failed
            }
        }
    }

    /// The earliest instant something is due: a send, a run's wake-up or deadline, a schedule;
    /// `now` when runs wait to execute.
    func nextDue(now: Date) async -> Date? {
        let store = self.store
        let names = schedules.names
        do throws(StorageError) {
            if !(try await store.activeFlowRunIDs(limit: 1).isEmpty) { return now }
            let candidates = [
                // Sends held back in real time are not due on the frozen clock's walk.
                try await store.nextOutboxDue(excluding: services.dispatcher.heldBackIDs()), try await store.nextFlowWake(),
                names.isEmpty ? nil : try await store.nextScheduleFire(names: names),
            ]
            return candidates.compactMap { $0 }.min()
        } catch {
            logger.error("cannot find what falls due next: \(error.message)")
            return nil
        }
    }

    // MARK: - Replies

    /// Gives inbound message `row` to the run waiting for a reply from its number, if any, and
    /// executes the run; returns the run's id (the message is then handled).
    func answer(_ row: InboundRow) async -> Int64? {
        guard let inboundID = row.id else { return nil }
        let reply = FlowStepResult(values: [
            .table(
                LuaTable([
                    "body": .text(row.body), "from": .text(row.from), "to": .text(row.to),
                    "at": .number(row.receivedAt.timeIntervalSince1970), "id": .text(row.providerID),
                    "inbound_id": .integer(inboundID),
                ]))
        ]).json
        let now = clock.now()
        let runID: Int64?
        do throws(StorageError) {
            guard try await store.hasFlowWait(phone: row.from) else { return nil }
            runID = try await store.answerFlowWait(inbound: row, now: now) { _ in reply }
        } catch {
            logger.error("inbound \(inboundID): cannot look for a waiting flow: \(error.message)")
            return nil
        }
        if let runID {
            logger.info("inbound \(inboundID) from \(row.from) answers flow run \(runID)")
            await drive(runID)
        }
        return runID
    }
}
