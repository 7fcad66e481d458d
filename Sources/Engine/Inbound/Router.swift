import Foundation
import Logging
import LuaKit
import Providers
import SMSCore
import Store

/// Routes one stored inbound message (DESIGN.md §6): opt-out policy first (a STOP also stops
/// the number's flow runs), then the flow run waiting for a reply from the number, then keyword
/// handlers, then the catch-all. Each handler runs in its own coroutine; a failing one is logged
/// with its plugin's file:line and affects nothing else.
public final class Router: Sendable {
    let store: Store
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
        store: Store, dispatcher: Dispatcher, runtime: LuaRuntime, registry: HandlerRegistry, policies: PolicyBox,
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
        do throws(StoreError) {
            try await store.finishInbound(id: id, error: failures.isEmpty ? nil : failures.joined(separator: "\n"), now: clock.now())
        } catch {
            logger.error("cannot mark inbound \(id) handled: \(error.message)")
        }
        return failures
    }

    /// STOP puts the number on the stop list and sends one confirmation (only when it was not
    /// stopped already); START takes it off and says so.
    func applyOptOut(_ intent: OptOutIntent, row: InboundRow, id: Int64) async throws(EngineError) {
        let now = clock.now()
        let changed: Bool
        switch intent {
        case .stop:
            changed = try await Dispatcher.storing { () async throws(StoreError) in
                try await store.addStop(row.from, source: "keyword", now: now)
            }
        case .start:
            changed = try await Dispatcher.storing { () async throws(StoreError) in try await store.removeStop(row.from) }
        }
        logger.info("\(row.from) replied \(intent.rawValue.uppercased())\(changed ? "" : " (no change)")")
        if let conexteo = dispatcher.provider as? ConexteoClient {
            // Conexteo keeps its own stop list and skips those numbers on its side too. The local
            // list is the one every send is checked against, so a failure here is logged, not fatal.
            let list = ConexteoStopList(client: conexteo)
            do throws(ProviderError) {
                switch intent {
                case .stop: try await list.add(row.from)
                case .start: try await list.remove(row.from, region: region)
                }
            } catch {
                logger.error("could not update Conexteo's stop list for \(row.from) (\(intent.rawValue)): \(error.message)")
            }
        }
        guard changed else { return }
        let text = intent == .stop ? policy.stopConfirmation : policy.startConfirmation
        let message: OutboundMessage
        do throws(SMSCoreError) {
            message = try OutboundMessage.validate(to: row.from, body: text, from: nil, externalID: nil, region: region)
        } catch {
            throw EngineError(code: error.code.rawValue, message: "the \(intent.rawValue) confirmation: \(error.message)")
        }
        let key = "\(intent.rawValue):in:\(id)"
        let outcome =
            intent == .stop
            ? try await dispatcher.submitPolicyMessage(message, dedupKey: key, origin: "policy")
            : try await dispatcher.submit(message, sendClass: .transactional, dedupKey: key, origin: "policy")
        if case .failed(_, let code, let why, _, _) = outcome {
            throw EngineError(code: code, message: "the \(intent.rawValue) confirmation was not sent: \(why)")
        }
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
