import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Synchronization

/// A real HTTP server on 127.0.0.1 for tests of scripts' `http` calls: it echoes, answers JSON,
/// streams large bodies, never answers, holds an answer until released, answers slowly (counting how many wait at once),
/// redirects, fails a given number of times, hangs once, and records every request it saw.
public final class LoopbackHTTPServer: Sendable {
    /// One request as the server saw it.
    public struct Seen: Sendable, Hashable {
        public var method: String
        public var path: String
        public var idempotencyKey: String?
        public var body: String
    }

    /// The port it listens on.
    public let port: Int
    private let task: Task<Void, any Error>
    private let state: Book

    /// `http://127.0.0.1:<port>`.
    public var base: String { "http://127.0.0.1:\(port)" }
    /// Every request so far, in arrival order.
    public var seen: [Seen] { state.withLock { $0.seen } }
    /// The most `/slow` requests that were waiting at the same time.
    public var peakWaiting: Int { state.withLock { $0.peakWaiting } }

    private init(port: Int, task: Task<Void, any Error>, state: Book) {
        self.port = port
        self.task = task
        self.state = state
    }

    /// Starts listening on a port of the system's choosing.
    public static func start() async throws -> LoopbackHTTPServer {
        let state = Book()
        let router = Router()
        router.add(middleware: Recorder(state: state))
        // GET or POST /echo: what was asked, as JSON.
        for method in [HTTPRequest.Method.get, .post, .put] {
            router.on("/echo", method: method) { request, _ -> Response in
                let body = try await request.body.collect(upTo: 1 << 20)
                var headers: [String: String] = [:]
                for field in request.headers { headers[field.name.canonicalName] = field.value }
                let echo: [String: Any] = [
                    "method": request.method.rawValue, "query": request.uri.query ?? "", "headers": headers,
                    "body": String(buffer: body),
                ]
                return json(try JSONSerialization.data(withJSONObject: echo, options: [.sortedKeys]))
            }
        }
        router.get("/order/{id}") { _, context -> Response in
            let id = context.parameters.get("id") ?? ""
            return json(Data(#"{"id":"\#(id)","status":"shipped","items":[1,2],"note":null}"#.utf8))
        }
        // /big?bytes=N streams N bytes, without a Content-Length, in 64 KiB pieces.
        router.get("/big") { request, _ -> Response in
            let total = Int(request.uri.queryParameters.get("bytes") ?? "") ?? 0
            return Response(
                status: .ok,
                body: ResponseBody { writer in
                    var left = total
                    let piece = ByteBuffer(repeating: UInt8(ascii: "x"), count: 64 << 10)
                    while left > 0 {
                        try await writer.write(left >= piece.readableBytes ? piece : ByteBuffer(repeating: UInt8(ascii: "x"), count: left))
                        left -= piece.readableBytes
                    }
                    try await writer.finish(nil)
                })
        }
        // /hold?key=K answers once the test calls release(K) (or after a minute).
        router.get("/hold") { request, _ -> Response in
            let key = request.uri.queryParameters.get("key").map { "\($0)" } ?? ""
            let deadline = ContinuousClock.now + .seconds(60)
            while !state.withLock({ $0.released.contains(key) }), ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(10))
            }
            return json(Data(#"{"held":"\#(key)"}"#.utf8))
        }
        for method in [HTTPRequest.Method.get, .post] {
            router.on("/never", method: method) { _, _ -> Response in
                try await Task.sleep(for: .seconds(3600))
                return Response(status: .ok)
            }
        }
        // /slow?ms=N answers after N ms; with gather=G, the N ms start once G requests wait
        // together (or after a minute): a test of concurrency that no load can make flaky.
        router.get("/slow") { request, _ -> Response in
            state.withLock { s in
                s.waiting += 1
                s.peakWaiting = max(s.peakWaiting, s.waiting)
            }
            defer { state.withLock { $0.waiting -= 1 } }
            if let gather = Int(request.uri.queryParameters.get("gather") ?? "") {
                let deadline = ContinuousClock.now + .seconds(60)
                while state.withLock({ $0.peakWaiting }) < gather, ContinuousClock.now < deadline {
                    try await Task.sleep(for: .milliseconds(10))
                }
            }
            try await Task.sleep(for: .milliseconds(Int(request.uri.queryParameters.get("ms") ?? "") ?? 1000))
            return json(Data(#"{"ok":true}"#.utf8))
        }
        // /redirect?to=URL answers 302 to URL.
        router.get("/redirect") { request, _ -> Response in
            Response(status: .found, headers: [.location: request.uri.queryParameters.get("to").map { "\($0)" } ?? "/"])
        }
        // /flaky?key=K&fail=N: the first N requests with key K answer 503 (Retry-After: 0), then 200.
        for method in [HTTPRequest.Method.get, .post] {
            router.on("/flaky", method: method) { request, _ -> Response in
                let key = request.uri.queryParameters.get("key").map { "\($0)" } ?? ""
                let fail = Int(request.uri.queryParameters.get("fail") ?? "") ?? 1
                let count = state.withLock { s -> Int in
                    s.failures[key, default: 0] += 1
                    return s.failures[key]!
                }
                guard count > fail else {
                    return Response(status: .serviceUnavailable, headers: [HTTPField.Name("Retry-After")!: "0"])
                }
                return json(Data(#"{"attempt":\#(count)}"#.utf8))
            }
        }
        // POST /hang-once?key=K&hang=1: the first request with key K never answers (a crash cuts
        // it); every request answers {"attempt": n} otherwise (hang=0: at once).
        router.post("/hang-once") { request, _ -> Response in
            let key = request.uri.queryParameters.get("key").map { "\($0)" } ?? ""
            let count = state.withLock { s -> Int in
                s.failures[key, default: 0] += 1
                return s.failures[key]!
            }
            if count == 1 && request.uri.queryParameters.get("hang") == "1" { try await Task.sleep(for: .seconds(3600)) }
            return json(Data(#"{"attempt":\#(count)}"#.utf8))
        }
        let ready = AsyncStream<Int>.makeStream()
        let app = Application(
            router: router,
            configuration: ApplicationConfiguration(address: .hostname("127.0.0.1", port: 0), serverName: "loopback", backlog: 2048),
            onServerRunning: { channel in
                ready.continuation.yield(channel.localAddress?.port ?? 0)
                ready.continuation.finish()
            })
        let task = Task { try await app.run() }
        var iterator = ready.stream.makeAsyncIterator()
        guard let port = await iterator.next(), port > 0 else {
            task.cancel()
            throw LoopbackServerError(message: "the loopback HTTP server did not start: \(String(describing: await task.result))")
        }
        return LoopbackHTTPServer(port: port, task: task, state: state)
    }

    /// Lets the `/hold?key=<key>` requests answer.
    public func release(_ key: String) { state.withLock { _ = $0.released.insert(key) } }

    /// Stops the server (requests still waiting are cut).
    public func stop() async {
        task.cancel()
        _ = await task.result
    }

    private static func json(_ data: Data) -> Response {
        Response(status: .ok, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// Records each request before it is answered.
    struct Recorder: RouterMiddleware {
        typealias Context = BasicRequestContext
        let state: Book

        func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
            var request = request
            let body = try await request.collectBody(upTo: 1 << 20)
            let seen = Seen(
                method: request.method.rawValue, path: request.uri.path,
                idempotencyKey: request.headers[HTTPField.Name("Idempotency-Key")!], body: String(buffer: body))
            state.withLock { $0.seen.append(seen) }
            return try await next(request, context)
        }
    }
}

/// What the server saw, shared by its handlers.
final class Book: Sendable {
    private let lock = Mutex<(seen: [LoopbackHTTPServer.Seen], waiting: Int, peakWaiting: Int, failures: [String: Int], released: Set<String>)>(([], 0, 0, [:], []))

    func withLock<T: Sendable>(_ body: (inout (seen: [LoopbackHTTPServer.Seen], waiting: Int, peakWaiting: Int, failures: [String: Int], released: Set<String>)) -> T) -> T {
        lock.withLock { body(&$0) }
    }
}

/// The loopback server could not start.
public struct LoopbackServerError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
