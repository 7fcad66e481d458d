import Foundation
import Logging
import Providers
import SMSCore
import Storage
import Synchronization

/// The one way out (DESIGN.md §2.4, §6): every send is checked against the send window,
/// committed to the outbox with its dedup key, then claimed (the stop list is checked in that
/// same transaction) and handed to the provider, whose answer is recorded. Scripts, handlers,
/// `moonwire send` and the background loop all go through here.
public final class Dispatcher: Sendable {
    let store: any EngineStorage
    let provider: any MessagingProvider
    let clock: any TimeSource
    let policies: PolicyBox
    var policy: SendPolicy { policies.current }
    let region: String
    let logger: Logger
    /// Held while the local stop list and the provider's change together (an opt-out reply, a
    /// pull of the provider's list), so a pull that read the provider's list before a START
    /// cannot put the number back after the START took it off both.
    let stopListChanges = AsyncLock()

    /// How long the dispatcher waits before trying again a send the provider could not take,
    /// after the HTTP core's own quick retries; past the last one the send fails for good.
    static let requeueDelays: [Duration] = [.seconds(30), .seconds(120), .seconds(600), .seconds(1800), .seconds(7200)]

    /// Sends to try again, held back until a real instant: on a frozen clock (the sandbox's) a
    /// backoff written as `not_before` would never fall due, so the row is due at once and the
    /// wait is kept here instead (lost on a restart, which tries them again at once).
    private let heldBack = Mutex<[Int64: ContinuousClock.Instant]>([:])

    /// A dispatcher sending through `provider`.
    public init(
        store: any EngineStorage, provider: any MessagingProvider, clock: any TimeSource, policies: PolicyBox, region: String,
        logger: Logger = Logger(label: "moonwire.dispatcher")
    ) {
        self.store = store
        self.provider = provider
        self.clock = clock
        self.policies = policies
        self.region = region
        self.logger = logger
    }

    /// True when the provider dedups by key, so a send interrupted mid-flight may be sent again
    /// (the sandbox and Conexteo's `external_id`); otherwise (Conerix) at most once.
    public var providerDedups: Bool { provider is any DeduplicatingProvider }

    /// Queues `message` under `dedupKey` and, unless the send window holds it, sends it now.
    /// A key already in the outbox returns that send's outcome without sending again.
    /// - Parameter enqueue: commits the row; a flow passes one that journals its step in the
    ///   same transaction. Defaults to a plain outbox insert.
    public func submit(
        _ message: OutboundMessage, sendClass: SendClass, dedupKey: String, origin: OutboxRow.Origin,
        enqueue: (@Sendable (OutboxRow) async throws -> OutboxEnqueue)? = nil
    ) async throws(EngineError) -> SendOutcome {
        let now = clock.now()
        let row = OutboxRow(
            dedupKey: dedupKey, to: message.to.e164, from: message.from?.value, body: message.body,
            sendClass: sendClass, origin: origin, status: .pending, notBefore: now,
            segments: message.segmentation.segments, encoding: OutboxRow.Encoding(message.segmentation.encoding), createdAt: now)
        return try await queue(row, recipient: message.to, sendClass: sendClass, message: message, enqueue: enqueue)
    }

    /// Queues an RCS message the same way: same outbox, dedup, stop list and send window.
    public func submitRCS(
        _ message: RCSMessage, recipient: PhoneNumber, sendClass: SendClass, dedupKey: String, origin: OutboxRow.Origin
    ) async throws(EngineError) -> SendOutcome {
        let payload: String
        do {
            payload = String(decoding: try JSONEncoder().encode(message), as: UTF8.self)
        } catch {
            throw EngineError(code: "invalid_rcs", message: "the RCS message cannot be stored: \(error)")
        }
        let now = clock.now()
        var row = OutboxRow(
            dedupKey: dedupKey, to: recipient.e164, from: message.fallback?.sender, body: message.summary,
            sendClass: sendClass, origin: origin, status: .pending, notBefore: now, segments: 1, encoding: .rcs,
            createdAt: now)
        row.payload = payload
        return try await queue(row, recipient: recipient, sendClass: sendClass, message: nil, enqueue: nil)
    }

    /// Stores `row` (deferred when the send window is shut for a marketing send) and sends it
    /// now when it may go.
    private func queue(
        _ row: OutboxRow, recipient: PhoneNumber, sendClass: SendClass, message: OutboundMessage?,
        enqueue: (@Sendable (OutboxRow) async throws -> OutboxEnqueue)?
    ) async throws(EngineError) -> SendOutcome {
        let now = row.createdAt
        var row = row
        row.flowRunID = SendContext.current?.flowRunID
        let window = policy.window.forRecipient(recipient)
        // An opted-out recipient is not deferred: the row goes to the claim now, whose stop-list
        // gate answers `opted_out` as it does inside the window (sms.bulk and sms.send agree).
        if sendClass == .marketing, !window.allows(now),
            !(try await Self.storing { () async throws(StorageError) in try await store.isStopped(row.to) })
        {
            guard let next = window.nextAllowed(from: now) else {
                throw EngineError(
                    code: "window_never_opens",
                    message: "the marketing send window never opens (no weekday or closing before opening): fix the policy")
            }
            row.notBefore = next
            row.status = .deferred
        }
        let stored: OutboxRow
        let enqueued: OutboxEnqueue
        if let enqueue {
            do {
                enqueued = try await enqueue(row)
            } catch let error as StorageError {
                throw EngineError(code: error.code.rawValue, message: error.message)
            } catch let error as EngineError {
                throw error
            } catch {
                throw EngineError(code: "store_failed", message: "queuing a send to \(row.to) failed: \(error)")
            }
        } else {
            enqueued = try await Self.storing { () async throws(StorageError) in try await store.enqueueOutbox(row) }
        }
        var prepared = message
        switch enqueued {
        case .inserted(let inserted): stored = inserted
        case .existing(let existing):
            // A re-run (crash, retry): report what happened, or finish what was left undone. What
            // goes out is the stored row, never this call's message: a reused key must not send
            // other text to another number (whose opt-out the claim would not have checked).
            guard existing.status == .pending || (existing.status == .deferred && existing.notBefore <= now) else {
                return Self.outcome(of: existing, duplicate: true)
            }
            stored = existing
            prepared = nil
        }
        if stored.status == .deferred && stored.notBefore > now { return .deferred(stored) }
        if stored.status == .sending, case .inserted = enqueued {
            return try await deliver(stored, message: prepared)  // claimed in the transaction that queued it
        }
        return try await dispatch(id: stored.id!, message: prepared)
    }

    /// Claims row `id` and sends it, recording the provider's answer.
    /// - Parameter message: the row's message when the caller has it checked and segmented
    ///   already (a send made just now); rows read back from the outbox are checked again.
    public func dispatch(id: Int64, message prepared: OutboundMessage? = nil) async throws(EngineError) -> SendOutcome {
        let now = clock.now()
        let claim = try await Self.storing { () async throws(StorageError) in
            try await store.claimOutbox(id: id, now: now, gate: policy.gate, claim: WorkerLease.claim())
        }
        return try await proceed(claim, id: id, now: now, message: prepared)
    }

    /// Goes on from a claim: reports a blocked or unavailable row, sends a claimed one.
    private func proceed(_ claim: OutboxClaim, id: Int64, now: Date, message prepared: OutboundMessage?) async throws(EngineError)
        -> SendOutcome
    {
        let claimed: OutboxRow
        switch claim {
        case .blocked(let row):
            logger.info("send \(row.dedupKey) to \(row.to) blocked: opted out")
            EngineMetrics.send(provider: provider.name, outcome: .blocked)
            return .blocked(row)
        case .unavailable(let row?):
            return row.status == .sending ? .inFlight(row) : Self.outcome(of: row)
        case .unavailable(nil):
            throw EngineError(code: "not_found", message: "send \(id) is not in the outbox")
        case .claimed(let row):
            claimed = row
        }
        // A marketing send that waited (a retry, a crash recovery) may fall due outside the send
        // window: it goes back to waiting for the next opening.
        if claimed.sendClass == .marketing, let recipient = try? PhoneNumber.parse(claimed.to) {
            let window = policy.window.forRecipient(recipient)
            if !window.allows(now), let next = window.nextAllowed(from: now) {
                let row = try await Self.storing { () async throws(StorageError) in
                    try await store.finishOutbox(
                        id: claimed.id!, status: .deferred, provider: nil, providerMessageID: nil, errorCode: claimed.errorCode,
                        errorMessage: claimed.errorMessage, notBefore: next, now: now)
                }
                EngineMetrics.send(provider: provider.name, outcome: .deferred)
                return .deferred(row)
            }
        }
        return try await deliver(claimed, message: prepared)
    }

    /// Hands row `claimed` (ours, `sending`) to the provider and records its answer.
    func deliver(_ claimed: OutboxRow, message prepared: OutboundMessage?) async throws(EngineError) -> SendOutcome {
        if let payload = claimed.payload {
            return try await dispatchRCS(claimed, payload: payload)
        }
        var message: OutboundMessage
        if let prepared {
            message = prepared
        } else {
            do throws(SMSCoreError) {
                message = try OutboundMessage.validate(to: claimed.to, body: claimed.body, from: claimed.from, region: region)
            } catch {
                return try await finish(claimed, .failed, code: error.code.rawValue, message: error.message, retryable: false)
            }
        }
        // The outbox key is the provider's dedup key, whoever made the message.
        message.externalID = claimed.dedupKey
        let answer: Result<SendReceipt, ProviderError>
        let started = ContinuousClock.now
        do throws(ProviderError) {
            answer = .success(try await provider.send(message))
        } catch {
            answer = .failure(error)
        }
        EngineMetrics.providerLatency(provider: provider.name, ContinuousClock.now - started)
        return try await record(answer, for: claimed)
    }

    /// Sends a claimed RCS row.
    private func dispatchRCS(_ claimed: OutboxRow, payload: String) async throws(EngineError) -> SendOutcome {
        guard let rcs = provider as? any RCSProvider else {
            return try await finish(
                claimed, .failed, code: "not_supported", message: "\(provider.name) does not send RCS", retryable: false)
        }
        var message: RCSMessage
        do {
            message = try JSONDecoder().decode(RCSMessage.self, from: Data(payload.utf8))
        } catch {
            return try await finish(
                claimed, .failed, code: "invalid_rcs", message: "the stored RCS message cannot be read: \(error)",
                retryable: false)
        }
        message.externalID = claimed.dedupKey
        let answer: Result<SendReceipt, ProviderError>
        let started = ContinuousClock.now
        do throws(ProviderError) {
            answer = .success(try await rcs.sendRCS(message))
        } catch {
            answer = .failure(error)
        }
        EngineMetrics.providerLatency(provider: provider.name, ContinuousClock.now - started)
        return try await record(answer, for: claimed)
    }

    /// Records the provider's answer on a claimed row: sent, requeued (a retryable failure), or
    /// failed.
    private func record(_ answer: Result<SendReceipt, ProviderError>, for claimed: OutboxRow) async throws(EngineError)
        -> SendOutcome
    {
        switch answer {
        case .success(let receipt):
            let row = try await recording { () async throws(StorageError) in
                try await store.finishOutbox(
                    id: claimed.id!, status: .sent, provider: provider.name, providerMessageID: receipt.id,
                    alreadyProcessed: receipt.alreadyProcessed, errorCode: nil, errorMessage: nil, notBefore: nil, now: clock.now())
            }
            EngineMetrics.send(provider: provider.name, outcome: .sent)
            // The provider's dedup (Conexteo's 409) caught a key this outbox had not sent: the
            // message went out before (another database, a lost answer), not now.
            if receipt.alreadyProcessed {
                logger.info("send \(claimed.dedupKey) to \(claimed.to): \(provider.name) had already processed this external_id; nothing sent again")
            }
            return .sent(row, duplicate: receipt.alreadyProcessed)
        case .failure(let error):
            if error.code == "outcome_unknown" {
                return try await finish(claimed, .unknown, code: error.code, message: error.message, retryable: false)
            }
            if error.code == "opted_out" {
                // The provider keeps its own stop list: a number it refuses as stopped goes on ours,
                // so the next send to it stops here, before any request.
                _ = try? await store.addStop(claimed.to, source: .provider, now: clock.now())
                logger.notice("send \(claimed.dedupKey) to \(claimed.to): \(provider.name) refused it as opted out; added to the stop list")
                let stored = try await recording { () async throws(StorageError) in
                    try await store.finishOutbox(
                        id: claimed.id!, status: .blocked, provider: provider.name, providerMessageID: nil, errorCode: error.code,
                        errorMessage: error.message, notBefore: nil, now: clock.now())
                }
                EngineMetrics.send(provider: provider.name, outcome: .blocked)
                return .blocked(stored)
            }
            if error.retryable, claimed.attempts <= Self.requeueDelays.count {
                let delay = Self.requeueDelays[claimed.attempts - 1]
                let frozen = clock.isFrozen
                let notBefore = frozen ? clock.now() : clock.now().addingTimeInterval(delay.seconds)
                // Held before the row is due again, so the due-send loop cannot take it between.
                if frozen { holdBack(claimed.id!, for: delay) }
                let row = try await recording { () async throws(StorageError) in
                    try await store.finishOutbox(
                        id: claimed.id!, status: .pending, provider: provider.name, providerMessageID: nil, errorCode: error.code,
                        errorMessage: error.message, notBefore: notBefore, now: clock.now())
                }
                logger.warning("send \(claimed.dedupKey) to \(claimed.to) will be tried again: \(error.message)")
                EngineMetrics.send(provider: provider.name, outcome: .retried)
                EngineMetrics.retry(provider: provider.name)
                return .failed(row, code: error.code, message: error.message, retryable: true, queued: true)
            }
            return try await finish(claimed, .failed, code: error.code, message: error.message, retryable: error.retryable)
        }
    }

    private func finish(
        _ row: OutboxRow, _ status: OutboxRow.Status, code: String, message: String, retryable: Bool
    ) async throws(EngineError) -> SendOutcome {
        EngineMetrics.send(provider: provider.name, outcome: status == .unknown ? .unknown : .failed)
        let stored = try await recording { () async throws(StorageError) in
            try await store.finishOutbox(
                id: row.id!, status: status, provider: provider.name, providerMessageID: nil, errorCode: code, errorMessage: message,
                notBefore: nil, now: clock.now())
        }
        return .failed(stored, code: code, message: message, retryable: retryable, queued: false)
    }

    /// Writes what became of a claimed send. That write must not be lost to a busy database: the
    /// row would stay `sending`, and nothing sends it until a restart recovers it. So a retryable
    /// storage failure is tried again, 0.25 s later, then twice as long each time, up to 8 tries.
    private func recording<T>(_ body: () async throws(StorageError) -> T) async throws(EngineError) -> T {
        var delay = 0.25
        var tries = 1
        while true {
            do throws(StorageError) {
                return try await body()
            } catch {
                guard error.retryable, tries < 8 else { throw EngineError(code: error.code.rawValue, message: error.message) }
                logger.warning("recording a send's outcome failed (\(error.message)); trying again in \(delay) s")
                try? await Task.sleep(for: .milliseconds(Int(delay * 1000)))
                delay = min(delay * 2, 8)
                tries += 1
            }
        }
    }

    /// Sends every row due now (deferred sends whose window opened, sends to try again); returns
    /// how many were handled.
    @discardableResult
    public func dispatchDue(limit: Int = 100) async -> Int {
        let now = clock.now()
        let claims: [OutboxClaim]
        do throws(StorageError) {
            let claim = WorkerLease.claim()
            claims = try await store.claimDueOutbox(now: now, limit: limit, gate: policy.gate, claim: claim, excluding: heldBackIDs())
        } catch {
            logger.error("cannot read the outbox: \(error.message)")
            return 0
        }
        for claim in claims {
            let row: OutboxRow? =
                switch claim {
                case .claimed(let row), .blocked(let row): row
                case .unavailable(let row): row
                }
            guard let row, let id = row.id else { continue }
            do throws(EngineError) {
                _ = try await proceed(claim, id: id, now: now, message: nil)
            } catch {
                logger.error("send \(row.dedupKey): \(error.message)")
            }
        }
        return claims.count
    }

    /// Holds send `id` back from the due-send loop for `delay` of real time.
    private func holdBack(_ id: Int64, for delay: Duration) {
        heldBack.withLock { $0[id] = ContinuousClock.now + delay }
    }

    /// The sends held back now (forgetting those whose wait is over).
    func heldBackIDs() -> Set<Int64> {
        heldBack.withLock { held in
            let now = ContinuousClock.now
            held = held.filter { $0.value > now }
            return Set(held.keys)
        }
    }

    /// After a crash: sends left `sending` go back to the queue when the provider dedups, else are
    /// marked `unknown` (never sent twice). Returns how many rows changed.
    @discardableResult
    public func recoverInterruptedSends() async throws(EngineError) -> Int {
        let dedups = providerDedups
        let now = clock.now()
        return try await Self.storing { () async throws(StorageError) in
            try await store.recoverInterruptedSends(providerDedups: dedups, now: now)
        }
    }

    /// The outcome a finished (or waiting) row stands for.
    static func outcome(of row: OutboxRow, duplicate: Bool = false) -> SendOutcome {
        switch row.status {
        case .sent: .sent(row, duplicate: duplicate || row.alreadyProcessed)
        case .deferred: .deferred(row)
        case .blocked: .blocked(row)
        case .sending: .inFlight(row)
        case .pending:
            .failed(
                row, code: row.errorCode ?? "queued", message: row.errorMessage ?? "waiting to be sent",
                retryable: true, queued: true)
        case .failed, .unknown:
            .failed(
                row, code: row.errorCode ?? "failed", message: row.errorMessage ?? "the send failed", retryable: false,
                queued: false)
        }
    }

    /// Runs a store call, turning its error into an engine error.
    static func storing<T>(_ body: () async throws(StorageError) -> T) async throws(EngineError) -> T {
        do throws(StorageError) {
            return try await body()
        } catch {
            throw EngineError(code: error.code.rawValue, message: error.message)
        }
    }
}

extension Duration {
    /// The duration in seconds.
    var seconds: TimeInterval {
        let (s, attoseconds) = components
        return TimeInterval(s) + TimeInterval(attoseconds) / 1e18
    }
}
