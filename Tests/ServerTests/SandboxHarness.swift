import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import SMSCore
import Server
import SandboxStore
import Storage
import StoreSQLite
import Testing

/// A clock that stays where it is put, so rate-limit windows are deterministic.
struct FixedClock: TimeSource {
    var date: Date
    func now() -> Date { date }
}

/// A real sandbox server on a free loopback port over a temporary SQLite file, and a real HTTP
/// client; both are shut down when the test body ends, whether it passed or threw.
struct SandboxHarness {
    /// An answer as the client saw it.
    struct Reply {
        var status: Int
        var headers: HTTPHeaders
        var text: String

        /// The body as a JSON object (fails the test when it is not one).
        var object: [String: Any] {
            (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] ?? [:]
        }
    }

    let store: SQLiteStore
    let server: RunningSandboxServer
    let client: HTTPClient

    /// 2026-09-21T10:00:30Z: half a minute into a window, so `Retry-After` is 30.
    static let clock = FixedClock(date: Date(timeIntervalSince1970: 1_789_984_830))

    /// Runs `body` against a fresh server.
    static func run(
        _ configuration: SandboxServer.Configuration = .init(port: 0),
        clock: any TimeSource = SandboxHarness.clock,
        _ body: (SandboxHarness) async throws -> Void
    ) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("moonwire-server-\(UUID())")
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try SQLiteStore(path: directory.appendingPathComponent("moonwire.db").path)
        var configuration = configuration
        configuration.port = 0
        let server = try await SandboxServer(store: try store.sandbox(), configuration: configuration, clock: clock).start()
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        let harness = SandboxHarness(store: store, server: server, client: client)
        var failure: (any Error)?
        do { try await body(harness) } catch { failure = error }
        try await client.shutdown()
        await server.stop()
        if let failure { throw failure }
    }

    /// Sends one request; `url` is relative to `http://127.0.0.1:<port>`.
    func request(
        _ method: HTTPMethod, _ path: String, headers: [(String, String)] = [], json: String? = nil,
        timeout: TimeAmount = .seconds(30)
    ) async throws -> Reply {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(server.port)\(path)")
        request.method = method
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let json {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(string: json))
        }
        let response = try await client.execute(request, timeout: timeout)
        let body = try await response.body.collect(upTo: 16 * 1024 * 1024)
        return Reply(status: Int(response.status.code), headers: response.headers, text: String(buffer: body))
    }

    /// A Conerix call with the default key.
    func conerix(_ path: String, _ json: String, key: String? = "sandbox") async throws -> Reply {
        try await request(
            .POST, "/conerix/api/v1\(path)", headers: key.map { [("Authorization", "Bearer \($0)")] } ?? [], json: json)
    }

    /// A Conexteo call with the default key.
    func conexteo(
        _ method: HTTPMethod, _ path: String, _ json: String? = nil, headers: [(String, String)] = [("X-API-KEY", "sandbox")]
    ) async throws -> Reply {
        try await request(method, "/conexteo\(path)", headers: headers, json: json)
    }

    /// Queues a fault.
    func fault(_ json: String) async throws {
        let reply = try await request(.POST, "/_sandbox/faults", json: json)
        try #require(reply.status == 201, "queuing a fault failed: \(reply.text)")
    }

    /// Everything the sandbox stored.
    func stored() async throws -> [SandboxMessage] { try await store.sandbox().sandboxMessages() }
}
