import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import Providers
import SMSCore
import Server
import SandboxStore
import Storage
import StoreSQLite
import TestSupport

/// A real sandbox server on loopback with its own store, plus clients wired to record their
/// waits and log lines. No stub: the server is the Server target's.
struct Loopback {
    let server: RunningSandboxServer
    let store: SQLiteStore
    let transport: HTTPTransport
    let sleeps: SleepRecorder
    let logs = LogRecorder()
    let limiters: RateLimiterRegistry
    let configuration: SandboxServer.Configuration

    /// Starts a server (port 0), runs `body`, and always stops server and transport. The
    /// timeouts are long: a loaded machine running the whole suite once kept loopback answers
    /// past a 10 s read timeout, and these tests are about what the client does with an answer.
    static func run(
        _ configuration: SandboxServer.Configuration = .init(port: 0), clock: ManualTimeSource? = nil,
        readTimeout: Duration = .seconds(30), _ body: (Loopback) async throws -> Void
    ) async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("providers-\(UUID().uuidString).db").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let store = try SQLiteStore(path: path)
        var configuration = configuration
        configuration.port = 0
        let server = try await SandboxServer(store: try store.sandbox(), configuration: configuration, clock: clock ?? SystemTimeSource()).start()
        let transport = HTTPTransport(connectTimeout: .seconds(10), readTimeout: readTimeout, requestTimeout: .seconds(60))
        var onSleep: (@Sendable (Duration) -> Void)?
        if let clock { onSleep = { duration in clock.advance(by: duration) } }
        let sleeps = SleepRecorder(onSleep: onSleep)
        var limiters = RateLimiterRegistry()
        if let clock {
            let start = clock.now()
            limiters = RateLimiterRegistry(now: { .milliseconds(Int64(clock.now().timeIntervalSince(start) * 1000)) })
        }
        let loopback = Loopback(
            server: server, store: store, transport: transport, sleeps: sleeps, limiters: limiters,
            configuration: configuration)
        do {
            try await body(loopback)
        } catch {
            await transport.shutdown()
            await server.stop()
            throw error
        }
        await transport.shutdown()
        await server.stop()
    }

    func conexteo(retry: RetryPolicy? = nil, key: String? = nil, makeExternalID: (@Sendable () -> String)? = nil) -> ConexteoClient {
        let configuration = ConexteoConfiguration(
            apiKey: ProviderSecret(key ?? self.configuration.conexteoAPIKey), appID: self.configuration.conexteoAppID,
            baseURL: server.conexteoBaseURL)
        if let makeExternalID {
            return ConexteoClient(
                configuration: configuration, transport: transport, retry: retry ?? sleeps.policy(),
                logger: logs.logger(label: "conexteo"), limiters: limiters, makeExternalID: makeExternalID)
        }
        return ConexteoClient(
            configuration: configuration, transport: transport, retry: retry ?? sleeps.policy(),
            logger: logs.logger(label: "conexteo"), limiters: limiters)
    }

    func conerix(retry: RetryPolicy? = nil, key: String? = nil, requestsPerMinute: Int = 60) -> ConerixClient {
        ConerixClient(
            configuration: ConerixConfiguration(
                apiKey: ProviderSecret(key ?? configuration.conerixAPIKey), baseURL: server.conerixBaseURL,
                requestsPerMinute: requestsPerMinute),
            transport: transport, retry: retry ?? sleeps.policy(), logger: logs.logger(label: "conerix"),
            limiters: limiters)
    }

    /// Queues a fault: `POST /_sandbox/faults` with `json`.
    func fault(_ json: String) async throws {
        let (status, text) = try await control("POST", "/faults", body: json)
        guard (200..<300).contains(status) else { throw LoopbackError(message: "fault refused: \(status) \(text)") }
    }

    /// The pending faults, as the server lists them.
    func pendingFaults() async throws -> String { try await control("GET", "/faults", body: nil).text }

    func control(_ method: String, _ path: String, body: String?) async throws -> (status: Int, text: String) {
        var request = HTTPClientRequest(url: server.controlBaseURL + path)
        request.method = .RAW(value: method)
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(string: body))
        }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        let buffer = try await response.body.collect(upTo: 1 << 20)
        return (Int(response.status.code), String(buffer: buffer))
    }

    /// Log lines that show a request going out (one per attempt).
    var attempts: [String] { logs.recorded.filter { $0.contains("→ POST") || $0.contains("→ GET") } }

    static func message(to: String = "+33612345678", body: String = "Bonjour", from: String? = "ACME", externalID: String? = nil)
        throws -> OutboundMessage
    {
        try OutboundMessage.validate(to: to, body: body, from: from, externalID: externalID)
    }
}

/// A harness failure.
struct LoopbackError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
