import LuaKit
import Providers
import Synchronization

/// The plugins' HTTP during a test: no call leaves the process. Each request goes to the test
/// file's `t:http` answers (the prelude's `answer` function, which also records it for
/// `t:requests`); a request no answer matches is `refused`. `flow:http` does not wait between
/// its tries, as the virtual clock does not wait either.
final class PluginTestHTTP: OutboundTransport {
    /// The prelude's `answer(request)` and the runtime whose state holds it, once the test file
    /// is loaded. Weak: the runtime's functions hold the engine's services, which hold this.
    private struct Answerer {
        weak var runtime: LuaRuntime?
        var answer: LuaReference
    }

    private let answerer = Mutex<Answerer?>(nil)
    private let log: PluginTestLog

    /// A transport whose failures (an answer function that raises) fail the test through `log`.
    init(log: PluginTestLog) {
        self.log = log
    }

    /// Sends the requests to `answer`, a function of `runtime`'s state.
    func install(runtime: LuaRuntime, answer: LuaReference) {
        answerer.withLock { $0 = Answerer(runtime: runtime, answer: answer) }
    }

    func pause(_ duration: Duration) async throws {
        try Task.checkCancellation()
    }

    func perform(_ request: OutboundRequest) async throws(OutboundHTTPError) -> OutboundResponse {
        let line = "\(request.method) \(request.url)"
        guard let answerer = answerer.withLock({ $0 }), let runtime = answerer.runtime else {
            throw OutboundHTTPError(.refused, "\(line): the test file is not loaded yet, so no t:http answer can match")
        }
        let results: [LuaValue]
        do throws(LuaError) {
            results = try await runtime.run(answerer.answer, arguments: [PluginTestHTTP.table(request)])
        } catch {
            // The test's own answer is wrong (a bad status, a function that raised): the test fails.
            log.error("t:http answering \(line): \(error.message)")
            // Not retryable: flow:http must not run a broken answer again (the test fails anyway).
            throw OutboundHTTPError(.badConfiguration, "t:http's answer to \(line) failed: \(error.message)")
        }
        guard case .table(let answered) = results.first ?? .nil else {
            let codeText = results.count > 1 ? results[1].stringValue ?? "" : ""
            let message = results.count > 2 ? results[2].stringValue ?? line : line
            guard let code = OutboundHTTPError.Code(rawValue: codeText), code != .badConfiguration else {
                let known = OutboundHTTPError.Code.allCases.filter { $0 != .badConfiguration }.map(\.rawValue).joined(separator: ", ")
                log.error("t:http answering \(line): the answer function returned nil, \"\(codeText)\"; the code must be one of \(known)")
                throw OutboundHTTPError(.badConfiguration, "t:http's answer to \(line) gave an unknown error code \"\(codeText)\"")
            }
            throw OutboundHTTPError(code, message)
        }
        var headers: [OutboundHeader] = []
        if case .table(let given) = answered["headers"] {
            for (name, value) in given.fields {
                if let name = name.stringValue, let value = value.stringValue { headers.append(OutboundHeader(name.lowercased(), value)) }
            }
            headers.sort { $0.name < $1.name }
        }
        let body: [UInt8]
        if case .string(let text) = answered["body"] { body = text.bytes } else { body = [] }
        guard body.count <= request.maxResponseBytes else {
            throw OutboundHTTPError(
                .tooLarge, "\(line) answered more than \(request.maxResponseBytes) bytes (\(body.count)): raise max_bytes if it is expected")
        }
        return OutboundResponse(status: Int(answered["status"].integerValue ?? 200), headers: headers, body: body, url: request.url)
    }

    /// A request as the answer functions and `t:requests` see it: `method`, `url`, `headers`
    /// (names in lower case) and `body`.
    static func table(_ request: OutboundRequest) -> LuaValue {
        var headers = LuaTable()
        for header in request.headers {
            let name = header.name.lowercased()
            if let earlier = headers[name].stringValue {
                headers[name] = .text(earlier + ", " + header.value)
            } else {
                headers[name] = .text(header.value)
            }
        }
        var table = LuaTable(["method": .text(request.method), "url": .text(request.url), "headers": .table(headers)])
        if let body = request.body { table["body"] = .string(LuaString(bytes: body)) }
        return .table(table)
    }
}
