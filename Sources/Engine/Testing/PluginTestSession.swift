import Foundation
import LuaKit
import Providers
import SMSCore
import SandboxStore
import Storage
import StorageBackends

/// One test's runtime: the real engine on a fresh in-memory store (`:memory:`), the sandbox
/// provider and the virtual clock, frozen at the test's start, with the plugins of the test's
/// directory loaded. The test file runs in it, in an environment with every binding, `test`
/// and the `t` object; `t:reply`, `t:advance` and `t:sent` drive it step by step.
final class PluginTestSession: Sendable {
    let host: ScriptHost
    let log: PluginTestLog
    /// Routes what `t:reply` injects, as serve's router does (one attempt: a handler a limit
    /// stops fails the test rather than being retried).
    let router: Router
    /// Answers the plugins' HTTP calls with the test's `t:http` answers.
    let http: PluginTestHTTP

    /// A fresh runtime on `storage` (an empty database), its clock at `start`.
    init(limits: LuaLimits, start: Date, storage: StorageBackends) throws(EngineError) {
        let log = PluginTestLog()
        var configuration = EngineConfiguration(
            databasePath: ":memory:", provider: "sandbox", limits: limits, output: { text in log.print(text) })
        configuration.startInstant = start
        configuration.logger = log.logger
        let http = PluginTestHTTP(log: log)
        configuration.httpTransport = http
        self.http = http
        host = try ScriptHost(configuration: configuration, storage: storage)
        self.log = log
        router = Router(services: host.services, budget: nil, maxAttempts: 1, flows: host.flows)
    }

    /// The in-memory databases this process's tests take in turn (made on first use).
    private static let databases = Result { () throws(StorageError) -> MemoryDatabaseRecycler in try MemoryDatabaseRecycler() }

    /// An empty database for one test, and the loan to give back with ``recycle(_:)``.
    static func database() throws(EngineError) -> (StorageBackends, MemoryDatabaseRecycler.Loan) {
        do throws(StorageError) {
            return try databases.get().take()
        } catch {
            throw EngineError(code: error.code.rawValue, message: error.message)
        }
    }

    /// Gives a test's database back once its session is released (see ``MemoryDatabaseRecycler``).
    static func recycle(_ loan: MemoryDatabaseRecycler.Loan) {
        try? databases.get().recycle(loan)
    }

    /// Makes the test file's environment, runs the prelude in it and returns the control table's
    /// functions (`names`, `start`, `run`).
    func prepare(directory: String, source: [UInt8]) async throws(LuaError) -> (environment: LuaReference, control: LuaTable) {
        let environment = try await host.makeEnvironment(roots: [directory], source: source)
        let made = await host.runtime.withState { state -> Result<LuaTable, LuaError> in
            // Made here: Swift functions are not Sendable, they go straight into the state.
            let primitives = self.primitives()
            do throws(LuaError) {
                let prelude = try state.load(hostChunk: PluginTestPrelude.source, chunkName: "=moonwire.test", environment: environment)
                let functions = LuaTable([
                    "reply": .function(state.function("t:reply", primitives.reply)),
                    "advance": .function(state.function("t:advance", primitives.advance)),
                    "sent": .function(state.function("t:sent", primitives.sent)),
                    "instant": .function(state.function("test.start_at", primitives.instant)),
                ])
                let results = try state.call(prelude, [.userdata(environment), .table(functions)])
                guard let control = results.first?.tableValue else {
                    throw LuaError(kind: .runtime, message: "moonwire.test: the prelude returned no control table")
                }
                return .success(control)
            } catch {
                return .failure(error)
            }
        }
        let control = try made.get()
        if case .function(let answer) = control["answer"] { http.install(runtime: host.runtime, answer: answer) }
        return (environment, control)
    }

    /// Waits until nothing runs: no flow run executes, no reply waits to be routed.
    func settle() async -> [String] {
        var failures: [String] = []
        while true {
            await host.flows.idle()
            let routed = await routeWaiting(&failures)
            if routed == 0 { break }
        }
        await host.flows.idle()
        return failures
    }

    /// Routes every inbound message waiting, oldest first; returns how many.
    private func routeWaiting(_ failures: inout [String]) async -> Int {
        let services = host.services
        if let network = services.provider as? any InProcessNetworkProvider {
            while let taken = try? await network.collectReplies(limit: 500), taken > 0 {}
        }
        guard let pending = try? await services.store.pendingInbound(limit: 4096) else { return 0 }
        for row in pending { failures += await router.route(row) }
        return pending.count
    }

    /// The Swift halves of `t:` (each takes `t` as argument 1) and `test.start_at`.
    struct Primitives {
        var reply, advance, sent, instant: LuaFunction
    }

    /// Their failures are raised after a suspension, so the runtime puts the test's file:line
    /// in front of each message.
    func primitives() -> Primitives {
        let services = host.services
        let flows = host.flows
        let log = log
        // Captured weakly: the functions live in the host's Lua state, which the session owns.
        let settle: @Sendable () async -> [String] = { [weak self] in await self?.settle() ?? [] }
        /// Raises what failed while the engine ran (a handler, a flow), else returns `values`.
        @Sendable func checked(_ what: String, _ failures: [String], _ values: [LuaValue]) throws -> [LuaValue] {
            var all = failures
            for error in log.takeNewErrors() where !all.contains(where: { error.contains($0) }) { all.append(error) }
            guard all.isEmpty else {
                throw LuaCallError("\(what): the plugins failed:\n  " + all.joined(separator: "\n  "))
            }
            return values
        }
        return Primitives(
            reply: LuaFunction { call in
                let spec = try call.table(2)
                for key in spec.fields.keys where !["from", "body", "to"].contains(key.stringValue ?? "") {
                    throw call.argumentError(2, "unknown field \(key.stringValue.map { "'\($0)'" } ?? key.typeName); t:reply takes from, body, to")
                }
                guard let fromText = spec["from"].stringValue else {
                    throw call.argumentError(2, "field 'from' (the handset's number) is missing: t:reply{from = \"+33612345678\", body = \"OUI\"}")
                }
                guard let body = spec["body"].stringValue else {
                    throw call.argumentError(2, "field 'body' (the text) is missing: t:reply{from = \"+33612345678\", body = \"OUI\"}")
                }
                let to = spec["to"].stringValue
                let from: String
                do throws(SMSCoreError) {
                    from = try PhoneNumber.parse(fromText, region: services.region).e164
                } catch {
                    throw call.argumentError(2, "field 'from': \(error.message)")
                }
                return try call.suspend {
                    _ = await settle()
                    let now = services.clock.now()
                    do throws(StorageError) {
                        _ = try await services.sandbox().injectSandboxReply(
                            from: from, body: body, to: to, receivedAt: now, defaultSender: SandboxProvider.defaultSender)
                    } catch {
                        throw LuaCallError("t:reply: \(error.message)")
                    }
                    return try checked("t:reply{from = \"\(from)\", body = \"\(body)\"}", await settle(), [])
                }
            },
            advance: LuaFunction { call in
                let (duration, text) = try TimeArguments.duration(call, 2, example: "t:advance(\"3d\")")
                return try call.suspend {
                    var failures = await settle()
                    let now: Date
                    do throws(EngineError) {
                        now = try await flows.advanceClock(by: duration)
                    } catch {
                        throw LuaCallError("t:advance: \(error.message)")
                    }
                    failures += await settle()
                    return try checked(
                        "t:advance(\"\(text)\")", failures, [.number((now.timeIntervalSince1970 * 1000).rounded() / 1000)])
                }
            },
            sent: LuaFunction { call in
                var to: String?
                if !call.isNil(2) {
                    let filter = try call.table(2)
                    for key in filter.fields.keys where key.stringValue != "to" {
                        throw call.argumentError(2, "unknown filter \(key.stringValue.map { "'\($0)'" } ?? key.typeName); t:sent takes {to = \"+33612345678\"}")
                    }
                    if let text = filter["to"].stringValue {
                        to = (try? PhoneNumber.parse(text, region: services.region).e164) ?? text
                    }
                }
                let recipient = to
                return try call.suspend {
                    let failures = await settle()
                    let rows: [OutboxRow]
                    do throws(StorageError) {
                        rows = try await services.store.outboxRows(statuses: nil, limit: 1_000_000)
                    } catch {
                        throw LuaCallError("t:sent: \(error.message)")
                    }
                    let messages = rows.sorted { ($0.id ?? 0) < ($1.id ?? 0) }.filter { recipient == nil || $0.to == recipient }.map(PluginTestSession.message)
                    return try checked("t:sent", failures, [.table(LuaTable(array: messages))])
                }
            },
            instant: LuaFunction { call in
                let (instant, _) = try TimeArguments.instant(call, 1, example: "test.start_at(\"2026-01-05T09:00:00+01:00\")")
                call.push(instant.timeIntervalSince1970)
                return 1
            })
    }

    /// A message as `t:sent` lists it.
    static func message(_ row: OutboxRow) -> LuaValue {
        let fields: [String: LuaValue] = [
            "to": .text(row.to), "body": .text(row.body), "class": .text(row.sendClass.rawValue),
            "at": .number(row.createdAt.timeIntervalSince1970), "status": .text(row.status.rawValue),
            "from": .text(row.from ?? SandboxProvider.defaultSender),
        ]
        return .table(LuaTable(fields))
    }
}
