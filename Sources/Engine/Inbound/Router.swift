import Foundation
import Logging
import LuaKit
import Providers
import SMSCore
import Storage
import Synchronization

/// Routes one stored inbound message (DESIGN.md §6): opt-out policy first (a STOP also stops
/// the number's flow runs), then the flow run waiting for a reply from the number, then keyword
/// handlers, then the catch-all. Each handler runs in its own coroutine, in its plugin's
/// runtime; a failing one is logged with its plugin's file:line and affects nothing else.
///
/// A message is marked handled only when its work is done: a handler a limit stopped (time
/// budget, memory) is tried again a few times, then the message is set aside as poisoned
/// (`moonwire inbound failed`); a storage failure that may pass (busy, locked, I/O) leaves it
/// pending to be routed again with backoff, and does not count as an attempt.
public final class Router: Sendable {
    let store: any EngineStorage
    let dispatcher: Dispatcher
    let services: EngineServices
    let registry: HandlerRegistry
    let policies: PolicyBox
    var policy: SendPolicy { policies.current }
    let clock: any TimeSource
    let region: String
    let budget: Duration?
    let logger: Logger
    /// The flows whose waits take replies first (nil: none).
    let flows: FlowEngine?
    /// How many times routing a message may begin before a limit failure sets it aside.
    let maxAttempts: Int
    /// Messages whose routing could not begin, or could not be deferred, because the database
    /// refused the write: they are still pending with no `retry_at`, so without this the loops
    /// that fetch pending messages would route them again at once, over and over. Each is held
    /// back in memory until the instant given, with the same backoff as a deferral.
    private let heldBack = Mutex<[Int64: (until: ContinuousClock.Instant, times: Int)]>([:])
    /// Attempts the database counted for messages whose routing a storage failure stopped, when
    /// it then refused to take the count back too: subtracted here, so a database that fails for
    /// a while cannot set a reply aside as if its handlers had failed. Kept until the message is
    /// handled or set aside (lost on a restart, which at worst sets it aside early).
    private let uncounted = Mutex<[Int64: Int]>([:])

    init(services: EngineServices, budget: Duration?, maxAttempts: Int = 3, flows: FlowEngine? = nil) {
        self.services = services
        self.flows = flows
        self.store = services.store
        self.dispatcher = services.dispatcher
        self.registry = services.registry
        self.policies = services.policies
        self.clock = services.clock
        self.region = services.region
        self.budget = budget
        self.logger = services.logger
        self.maxAttempts = max(1, maxAttempts)
    }

    /// Routes `row` and marks it handled, deferred or poisoned; returns the handler failures.
    @discardableResult
    public func route(_ row: InboundRow) async -> [String] {
        guard let id = row.id else { return [] }
        let attempt: Int
        do throws(StorageError) {
            // Nil: routed meanwhile, or held by another instance of the fleet (ours lapsed).
            guard let counted = try await store.beginInboundAttempt(id: id, claim: WorkerLease.claim()) else { return [] }
            attempt = counted - uncounted.withLock { $0[id] ?? 0 }
            release(id)
        } catch {
            // Nothing ran: the message stays pending and is routed again.
            let delay = holdBack(id)
            logger.error("inbound \(id) from \(row.from): cannot begin routing: \(error.message); trying again in \(delay) s")
            return ["cannot begin routing: \(error.message)"]
        }
        if attempt > maxAttempts {
            // Earlier attempts never finished (the process was killed or stopped inside a handler).
            let failure = "routing began \(attempt - 1) time(s) and never finished (the process stopped inside a handler)"
            let plugins = Set(registry.handlers(forReply: row.body).map(\.plugin)).sorted()
            await setAside(row, id: id, failures: [failure], plugins: plugins, attempt: attempt - 1)
            return [failure]
        }
        let faults = StorageFaults()
        let outcome = await StorageFaults.$current.withValue(faults) { await self.runHandlers(row, id: id) }
        if outcome.taken {  // a waiting flow run took it, and marked it handled
            done(row, id)
            return []
        }
        var failures = outcome.failures.map(\.message)
        if !faults.isEmpty {
            // A handler may have swallowed a failed send: route it again rather than lose a reply.
            let retries = (try? await store.inboundRetries(id: id)) ?? 0
            let delay = Router.backoff(retries: retries)
            let why = faults.messages.first ?? "storage failure"
            logger.error("inbound \(id) from \(row.from): the database failed (\(why)); routing it again in \(delay) s")
            failures.append(why)
            await deferRow(id, delay: delay, failures: failures, plugins: [], countsAsAttempt: false)
            return failures
        }
        if outcome.failures.contains(where: \.unloaded) {
            logger.info("inbound \(id): a plugin was reloaded while it was routed; routing it again")
            await deferRow(id, delay: 0, failures: failures, plugins: [], countsAsAttempt: false)
            return failures
        }
        for failure in failures { logger.error("inbound \(id) from \(row.from): \(failure)") }
        let stopped = outcome.failures.filter(\.byLimit)
        if !stopped.isEmpty {
            let plugins = Array(Set(stopped.map(\.plugin))).sorted()
            if attempt >= maxAttempts {
                await setAside(row, id: id, failures: failures, plugins: plugins, attempt: attempt)
            } else {
                let delay = Router.backoff(retries: attempt - 1)
                logger.error("inbound \(id): attempt \(attempt) of \(maxAttempts) stopped by a limit; routing it again in \(delay) s")
                await deferRow(id, delay: delay, failures: failures, plugins: plugins, countsAsAttempt: true)
            }
            return failures
        }
        do throws(StorageError) {
            try await store.finishInbound(id: id, error: failures.isEmpty ? nil : failures.joined(separator: "\n"), now: clock.now())
            done(row, id)
        } catch {
            // Still pending with its attempt counted: not the handlers' fault, and not at once.
            uncounted.withLock { $0[id, default: 0] += 1 }
            let delay = holdBack(id)
            logger.error("cannot mark inbound \(id) handled: \(error.message) (it is routed again in \(delay) s)")
        }
        return failures
    }

    /// Seconds before a deferred message is routed again: 1, 2, 4, ... up to 30.
    static func backoff(retries: Int) -> Int { min(30, 1 << min(max(0, retries), 5)) }

    /// True while inbound `id` is held back after the database refused to record its routing:
    /// the loops that fetch pending messages skip it until then.
    func isHeldBack(_ id: Int64?) -> Bool {
        guard let id else { return false }
        return heldBack.withLock { held in
            guard let entry = held[id] else { return false }
            return ContinuousClock.now < entry.until
        }
    }

    /// Holds inbound `id` back for the next backoff delay; returns the delay in seconds.
    private func holdBack(_ id: Int64) -> Int {
        heldBack.withLock { held in
            // Holds long past are forgotten (their messages were routed since, maybe elsewhere);
            // a recent one is kept so that the delay grows while the database keeps refusing.
            let now = ContinuousClock.now
            held = held.filter { now - $0.value.until < .seconds(60) }
            let times = (held[id]?.times ?? 0) + 1
            let delay = Router.backoff(retries: times - 1)
            held[id] = (now + .seconds(delay), times)
            return delay
        }
    }

    /// Forgets `id`'s hold: the database took a write about it again.
    private func release(_ id: Int64) {
        _ = heldBack.withLock { $0.removeValue(forKey: id) }
    }

    private func deferRow(_ id: Int64, delay: Int, failures: [String], plugins: [String], countsAsAttempt: Bool) async {
        do throws(StorageError) {
            try await store.deferInbound(
                id: id, retryAt: Date().addingTimeInterval(TimeInterval(delay)), error: failures.joined(separator: "\n"),
                plugins: plugins, countsAsAttempt: countsAsAttempt)
        } catch {
            if !countsAsAttempt { uncounted.withLock { $0[id, default: 0] += 1 } }
            let delay = holdBack(id)
            logger.error("cannot defer inbound \(id): \(error.message) (it is routed again in \(delay) s)")
        }
    }

    /// `row` left the pending state (handled, taken by a flow, or set aside): counted once in the
    /// metrics however many routings it took, and its held-back attempts forgotten.
    private func done(_ row: InboundRow, _ id: Int64) {
        EngineMetrics.inbound(source: row.provider)
        _ = uncounted.withLock { $0.removeValue(forKey: id) }
    }

    private func setAside(_ row: InboundRow, id: Int64, failures: [String], plugins: [String], attempt: Int) async {
        logger.error(
            """
            inbound \(id) from \(row.from) set aside after \(attempt) attempt(s): see `moonwire inbound failed`, \
            then `moonwire inbound retry \(id)` once the plugin is fixed
            """)
        do throws(StorageError) {
            try await store.poisonInbound(
                id: id, error: failures.joined(separator: "\n"), plugins: plugins, attempts: attempt, now: clock.now())
            done(row, id)
        } catch {
            let delay = holdBack(id)
            logger.error("cannot set inbound \(id) aside: \(error.message) (it is tried again in \(delay) s)")
        }
    }

    /// Runs what `row` goes to: opt-out policy, a waiting flow run, or the handlers.
    private func runHandlers(_ row: InboundRow, id: Int64) async -> (failures: [HandlerFailure], taken: Bool) {
        var failures: [HandlerFailure] = []
        if let intent = policy.keywords.intent(of: row.body) {
            EngineMetrics.routed(.optOut)
            if intent == .stop, let flows {
                do throws(EngineError) {
                    try await flows.stopRuns(for: row.from)
                } catch {
                    failures.append(HandlerFailure(plugin: "policy", message: "stopping the flows of \(row.from): \(error.message)"))
                }
            }
            do throws(EngineError) {
                try await applyOptOut(intent, row: row, id: id)
            } catch {
                failures.append(HandlerFailure(plugin: "policy", message: "opt-out: \(error.message)"))
            }
        } else if let flows, await flows.answer(row) != nil {
            EngineMetrics.routed(.wait)
            return ([], true)  // the waiting run took it; the message is handled in the same transaction
        } else if StorageFaults.current?.isEmpty == false {
            return ([], false)  // whether a flow waits for it is unknown: route it again later
        } else {
            // One plugin's handlers in order; different plugins' at once, each in its own runtime,
            // so one plugin stuck at its budget does not hold up another's answer.
            var byPlugin: [String: [InboundHandler]] = [:]
            var order: [String] = []
            let handlers = registry.handlers(forReply: row.body)
            EngineMetrics.routed(Self.route(of: handlers))
            for handler in handlers {
                if byPlugin[handler.plugin] == nil { order.append(handler.plugin) }
                byPlugin[handler.plugin, default: []].append(handler)
            }
            failures = await withTaskGroup(of: (Int, [HandlerFailure]).self) { group in
                for (index, plugin) in order.enumerated() {
                    let handlers = byPlugin[plugin]!
                    group.addTask {
                        var failed: [HandlerFailure] = []
                        for handler in handlers {
                            if let failure = await self.run(handler, for: row, id: id) { failed.append(failure) }
                        }
                        return (index, failed)
                    }
                }
                var collected: [(Int, [HandlerFailure])] = []
                for await done in group { collected.append(done) }
                return collected.sorted { $0.0 < $1.0 }.flatMap(\.1)
            }
        }
        return (failures, false)
    }

    /// STOP puts the number on the stop list and sends one confirmation (only when it was not
    /// stopped already); START takes it off and says so. The list change and the confirmation's
    /// outbox row commit together, so a crash between them cannot lose the confirmation.
    func applyOptOut(_ intent: OptOutIntent, row: InboundRow, id: Int64) async throws(EngineError) {
        let now = clock.now()
        let text = intent == .stop ? policy.stopConfirmation : policy.startConfirmation
        let message: OutboundMessage
        do throws(SMSCoreError) {
            message = try OutboundMessage.validate(to: row.from, body: text, from: nil, externalID: nil, region: region)
        } catch {
            throw EngineError(code: error.code.rawValue, message: "the \(intent.rawValue) confirmation: \(error.message)")
        }
        let confirmation = OutboxRow(
            dedupKey: "\(intent.rawValue):in:\(id)", to: message.to.e164, from: nil, body: message.body,
            sendClass: intent == .stop ? .policy : .transactional, origin: .policy, status: .pending, notBefore: now,
            segments: message.segmentation.segments, encoding: OutboxRow.Encoding(message.segmentation.encoding), createdAt: now)
        // A provider with its own stop list (Conexteo) skips those numbers on its side too, so it
        // is updated after a STOP's confirmation went out and before a START's. The local list is
        // the one every send is checked against: a failure there is logged, not fatal.
        let remote = dispatcher.provider as? any RemoteStopListProvider
        let store = self.store, region = self.region, logger = self.logger
        let (changed, queued) = try await dispatcher.stopListChanges.withLock({ () async throws(EngineError) -> (changed: Bool, confirmation: OutboxRow?) in
            // START: off the provider's list before the confirmation is queued, since the dispatch
            // loop may send a queued row at once, and the provider would refuse it as opted out.
            if intent == .start, let remote {
                do throws(ProviderError) {
                    try await remote.removeRemoteStops(row.from, region: region)
                } catch {
                    logger.error("could not take \(row.from) off \(remote.name)'s stop list: \(error.message)")
                }
            }
            return try await Dispatcher.storing { () async throws(StorageError) in
                try await store.applyOptOut(row.from, stop: intent == .stop, source: .keyword, confirmation: confirmation, now: now)
            }
        })
        logger.info("\(row.from) replied \(intent.rawValue.uppercased())\(changed ? "" : " (no change)")")
        var failure: EngineError?
        if let queued, let queuedID = queued.id {
            let outcome = try await dispatcher.dispatch(id: queuedID, message: queued.body == message.body ? message : nil)
            if case .failed(_, let code, let why, _, _) = outcome {
                failure = EngineError(code: code, message: "the \(intent.rawValue) confirmation was not sent: \(why)")
            }
        }
        if intent == .stop, let remote {
            do throws(ProviderError) {
                try await remote.addRemoteStop(row.from)
            } catch {
                logger.error("could not add \(row.from) to \(remote.name)'s stop list: \(error.message)")
            }
        }
        if let failure { throw failure }
    }

    /// Runs one handler on `row` in its plugin's runtime; returns its failure, if any.
    func run(_ handler: InboundHandler, for row: InboundRow, id: Int64) async -> HandlerFailure? {
        guard let owner = handler.owner.value else {
            return HandlerFailure(
                plugin: handler.plugin, message: "\(handler.plugin) was reloaded while the message was routed", unloaded: true)
        }
        let context = SendContext(prefix: "in:\(id):\(handler.key)", origin: .inbound(id))
        let reply = Router.replyValue(row, id: id, replyFunction: await owner.replyFunction(services: services))
        let prefix = "\(handler.plugin) handler registered at \(handler.location)"
        let started = ContinuousClock.now
        defer { EngineMetrics.luaTime(plugin: handler.plugin, ContinuousClock.now - started) }
        do {
            _ = try await SendContext.$current.withValue(context) {
                try await owner.runBounded(handler.function, arguments: [reply], budget: budget)
            }
            return nil
        } catch let error as LuaError {
            let byLimit = error.kind == .limit || error.kind == .memory
            EngineMetrics.handlerError(plugin: handler.plugin)
            if error.kind == .limit { EngineMetrics.watchdogKill(plugin: handler.plugin) }
            return HandlerFailure(plugin: handler.plugin, message: "\(prefix): \(error.message)", byLimit: byLimit)
        } catch {
            EngineMetrics.handlerError(plugin: handler.plugin)
            return HandlerFailure(plugin: handler.plugin, message: "\(prefix): \(error)")
        }
    }

    /// The route a message with these handlers takes: keyword handlers, else the catch-all.
    static func route(of handlers: [InboundHandler]) -> RouteMetric {
        if handlers.contains(where: { if case .keyword = $0.kind { true } else { false } }) { return .keyword }
        return handlers.isEmpty ? .unhandled : .catchAll
    }

    /// The `r` a handler receives: `r.id`, `r.from`, `r.to`, `r.body`, `r.at` (Unix seconds),
    /// `r.word` (the folded first word) and `r:reply(text)`.
    static func replyValue(_ row: InboundRow, id: Int64, replyFunction: LuaReference) -> LuaValue {
        .table(
            LuaTable([
                "id": .text(row.providerID), "inbound_id": .integer(id), "from": .text(row.from), "to": .text(row.to),
                "body": .text(row.body), "at": .number(row.receivedAt.timeIntervalSince1970),
                "word": .text(KeywordText.firstWord(row.body)), "reply": .function(replyFunction),
            ]))
    }
}
