import Foundation
import Logging
import LuaKit
import Providers
import SMSCore
import Storage

extension FlowEngine {
    /// How many times `flow:http` tries again by default, and at most.
    static let defaultHTTPRetries = 3
    static let maximumHTTPRetries = 10
    /// The longest wait between two tries, whatever Retry-After asks.
    static let maximumHTTPRetryWait = Duration.seconds(60)

    /// `flow:http{method=, url=, headers=, body= | json=, timeout=, max_bytes=, retries=}`: an HTTP
    /// call as a journaled step. Every try carries `Idempotency-Key: flow-<run>-<step>` (a step
    /// cut short by a crash is tried again with the same key); timeouts, lost connections, 5xx
    /// and 429 are tried again with backoff, Retry-After honoured; the answer (or the last
    /// failure) is recorded, and a replay returns it without calling.
    func makeHTTPMethod(in state: LuaState) -> LuaReference {
        let engine = self
        return state.function(
            "flow:http",
            LuaFunction { call in
                let execution = try FlowEngine.execution(call, "http")
                var request = try OutboundRequest.request(call, 2, function: "flow:http", extra: ["retries"])
                let retries = try FlowEngine.httpRetries(call, 2)
                let args = "\(request.method) \(OutboundHTTPClient.redacted(request.url))"
                let step: Int
                switch execution.beginStep(kind: .http, args: args) {
                case .diverged(let message): return try FlowEngine.stop(call, message)
                case .replay(let result): return FlowEngine.push(result, call)
                case .pending(let entry): step = entry.step
                case .live(let live): step = live
                }
                let runID = execution.runID
                if request.header("idempotency-key") == nil {
                    request.headers.append(OutboundHeader("Idempotency-Key", "flow-\(runID)-\(step)"))
                }
                let keyed = request
                return try call.suspend {
                    guard let result = await engine.callHTTP(keyed, retries: retries, flow: execution.run.flow, runID: runID) else {
                        // Stopped (the host shuts down): nothing is recorded, so the step runs again.
                        throw LuaAbandon("flow:http was cancelled at step \(step)")
                    }
                    execution.record(
                        FlowJournalRow(runID: runID, step: step, kind: .http, args: args, result: result.json, at: engine.clock.now()))
                    return try result.unwrap()
                }
            })
    }

    /// The call with its retries: the answer, the last failure, or nil when cancelled.
    func callHTTP(_ request: OutboundRequest, retries: Int, flow: String, runID: Int64) async -> FlowStepResult? {
        var attempt = 0
        while true {
            let wait: Duration
            let why: String
            do throws(OutboundHTTPError) {
                let response = try await services.http.perform(request)
                guard response.status >= 500 || response.status == 429, attempt < retries else {
                    // What is journaled is what the flow gets, live or replayed: no query secret
                    // or cookie the server set goes into the database.
                    var recorded = response
                    recorded.url = OutboundHTTPClient.redacted(response.url)
                    recorded.headers.removeAll { $0.name == "set-cookie" }
                    return FlowStepResult(values: [recorded.luaValue])
                }
                wait = FlowEngine.retryWait(attempt: attempt, asked: response.retryAfter(now: Date()))
                why = "answered \(response.status)"
            } catch {
                if error.code == .cancelled || Task.isCancelled { return nil }
                guard error.retryable, attempt < retries else { return FlowStepResult(failure: error.failure) }
                wait = FlowEngine.retryWait(attempt: attempt, asked: nil)
                why = error.description
            }
            attempt += 1
            logger.warning(
                "flow \(flow) (run \(runID)): flow:http \(request.method) \(OutboundHTTPClient.redacted(request.url)) \(why); try \(attempt + 1) of \(retries + 1) in \(wait)")
            do {
                try await services.http.pause(wait)
            } catch {
                return nil
            }
        }
    }

    /// The wait before try `attempt + 2`: what Retry-After asked, up to a minute, else 0.5 s
    /// doubling, at most 30 s.
    static func retryWait(attempt: Int, asked: Duration?) -> Duration {
        if let asked { return min(asked, maximumHTTPRetryWait) }
        return .milliseconds(min(500 << min(attempt, 6), 30_000))
    }

    /// `retries=` in the options table at argument `i`.
    static func httpRetries(_ call: LuaCall, _ i: Int32) throws -> Int {
        let options = try call.table(i)
        guard options["retries"] != .nil else { return defaultHTTPRetries }
        guard let retries = options["retries"].integerValue, (0...Int64(maximumHTTPRetries)).contains(retries) else {
            throw call.argumentError(i, "retries must be an integer from 0 to \(maximumHTTPRetries) (default \(defaultHTTPRetries))")
        }
        return Int(retries)
    }
}
