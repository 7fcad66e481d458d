import Foundation
import Logging
import LuaKit
import Providers
import SMSCore
import Storage

/// Routes one stored inbound message (DESIGN.md §6): opt-out policy first (a STOP also stops
/// the number's flow runs), then the flow run waiting for a reply from the number, then keyword
/// handlers, then the catch-all. Each handler runs in its own coroutine; a failing one is logged
/// with its plugin's file:line and affects nothing else.
public final class Router: Sendable {
    let store: any EngineStorage
    let dispatcher: Dispatcher
    let runtime: LuaRuntime
    let registry: HandlerRegistry
    let policies: PolicyBox
    var policy: SendPolicy { policies.current }
    let clock: any TimeSource
    let region: String
    let replyFunction: LuaReference
    let budget: Duration?
    let logger: Logger
    /// The flows whose waits take replies first (nil: none).
    let flows: FlowEngine?

    init(
        store: any EngineStorage, dispatcher: Dispatcher, runtime: LuaRuntime, registry: HandlerRegistry, policies: PolicyBox,
        clock: any TimeSource, region: String, replyFunction: LuaReference, budget: Duration?, logger: Logger,
        flows: FlowEngine? = nil
    ) {
        self.flows = flows
        self.store = store
        self.dispatcher = dispatcher
        self.runtime = runtime
        self.registry = registry
        self.policies = policies
        self.clock = clock
        self.region = region
        self.replyFunction = replyFunction
        self.budget = budget
        self.logger = logger
    }

    /// Routes `row` to completion and marks it handled; returns the handler failures.
    @discardableResult
    public func route(_ row: InboundRow) async -> [String] {
        guard let id = row.id else { return [] }
        var failures: [String] = []
        if let intent = policy.keywords.intent(of: row.body) {
            if intent == .stop, let flows {
                do throws(EngineError) {
                    try await flows.stopRuns(for: row.from)
                } catch {
                    failures.append("stopping the flows of \(row.from): \(error.message)")
                }
            }
            do throws(EngineError) {
                try await applyOptOut(intent, row: row, id: id)
            } catch {
                failures.append("opt-out: \(error.message)")
            }
        } else if let flows, await flows.answer(row) != nil {
            return []  // the waiting run took it; the message is handled in the same transaction
        } else {
            for handler in registry.handlers(forReply: row.body) {
                if let failure = await run(handler, for: row, id: id) { failures.append(failure) }
            }
        }
        for failure in failures { logger.error("inbound \(id) from \(row.from): \(failure)") }
        do throws(StorageError) {
            try await store.finishInbound(id: id, error: failures.isEmpty ? nil : failures.joined(separator: "\n"), now: clock.now())
        } catch {
            logger.error("cannot mark inbound \(id) handled: \(error.message)")
        }
        return failures
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
            sendClass: intent == .stop ? StopListGate.exemptClass : SendClass.transactional.rawValue, origin: "policy",
            status: .pending, notBefore: now, segments: message.segmentation.segments,
            encoding: message.segmentation.encoding.rawValue, createdAt: now)
        let (changed, queued) = try await Dispatcher.storing { () async throws(StorageError) in
            try await store.applyOptOut(row.from, stop: intent == .stop, source: "keyword", confirmation: confirmation, now: now)
        }
        logger.info("\(row.from) replied \(intent.rawValue.uppercased())\(changed ? "" : " (no change)")")
        // Conexteo keeps its own stop list and skips those numbers on its side too, so it is
        // updated after a STOP's confirmation went out and before a START's. The local list is
        // the one every send is checked against: a failure there is logged, not fatal.
        let conexteo = (dispatcher.provider as? ConexteoClient).map(ConexteoStopList.init(client:))
        if intent == .start, let conexteo {
            do throws(ProviderError) {
                try await conexteo.remove(row.from, region: region)
            } catch {
                logger.error("could not take \(row.from) off Conexteo's stop list: \(error.message)")
            }
        }
        var failure: EngineError?
        if let queued, let queuedID = queued.id {
            let outcome = try await dispatcher.dispatch(id: queuedID, message: queued.body == message.body ? message : nil)
            if case .failed(_, let code, let why, _, _) = outcome {
                failure = EngineError(code: code, message: "the \(intent.rawValue) confirmation was not sent: \(why)")
            }
        }
        if intent == .stop, let conexteo {
            do throws(ProviderError) {
                try await conexteo.add(row.from)
            } catch {
                logger.error("could not add \(row.from) to Conexteo's stop list: \(error.message)")
            }
        }
        if let failure { throw failure }
    }

    /// Runs one handler on `row`; returns its failure, if any.
    func run(_ handler: InboundHandler, for row: InboundRow, id: Int64) async -> String? {
        let context = SendContext(prefix: "in:\(id):\(handler.key)", origin: "inbound:\(id)")
        let reply = Router.replyValue(row, id: id, replyFunction: replyFunction)
        do {
            _ = try await SendContext.$current.withValue(context) {
                try await runtime.run(handler.function, arguments: [reply], budget: budget)
            }
            return nil
        } catch let error as LuaError {
            return "\(handler.plugin) handler registered at \(handler.location): \(error.message)"
        } catch {
            return "\(handler.plugin) handler registered at \(handler.location): \(error)"
        }
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
