import AsyncHTTPClient
import NIOCore
import NIOHTTP1

/// The one AsyncHTTPClient every provider client shares: pooled keep-alive connections, connect and
/// read timeouts, redirects refused (a provider API never redirects a POST we should follow).
public final class HTTPTransport: Sendable {
    let client: HTTPClient
    /// The longest a whole request may take, connection included.
    public let requestTimeout: Duration
    /// The largest response body read; a bigger one is an `invalid_response`.
    public let maxResponseBytes: Int

    /// The process-wide transport (never shut down, like `HTTPClient.shared`).
    public static let shared = HTTPTransport()

    /// A transport with its own connection pool.
    /// - Parameters:
    ///   - connectTimeout: how long establishing a connection may take.
    ///   - readTimeout: how long the provider may stay silent while we wait for its answer.
    ///   - requestTimeout: the ceiling for a whole request.
    ///   - maxConnectionsPerHost: the pool's soft limit of concurrent HTTP/1.1 connections per host.
    public init(
        connectTimeout: Duration = .seconds(5), readTimeout: Duration = .seconds(30),
        requestTimeout: Duration = .seconds(60), maxConnectionsPerHost: Int = 16, maxResponseBytes: Int = 8 << 20
    ) {
        var configuration = HTTPClient.Configuration(
            redirectConfiguration: .disallow,
            timeout: .init(connect: Self.timeAmount(connectTimeout), read: Self.timeAmount(readTimeout)),
            connectionPool: .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: maxConnectionsPerHost))
        configuration.httpVersion = .automatic
        self.client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
        self.requestTimeout = requestTimeout
        self.maxResponseBytes = maxResponseBytes
    }

    /// Closes the pool's connections; a transport created for a test or a command should be shut down.
    public func shutdown() async {
        guard self !== HTTPTransport.shared else { return }
        try? await client.shutdown()
    }

    /// Sends one request and reads the whole answer. Errors are AsyncHTTPClient's or NIO's, to be
    /// classified by the caller.
    func execute(
        method: String, url: String, headers: [(name: String, value: String)], body: [UInt8]?
    ) async throws -> (status: Int, headers: [(name: String, value: String)], body: [UInt8]) {
        var request = HTTPClientRequest(url: url)
        request.method = HTTPMethod(rawValue: method)
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body { request.body = .bytes(ByteBuffer(bytes: body)) }
        let response = try await client.execute(request, timeout: Self.timeAmount(requestTimeout))
        var buffer = try await response.body.collect(upTo: maxResponseBytes)
        let bytes = buffer.readBytes(length: buffer.readableBytes) ?? []
        return (Int(response.status.code), response.headers.map { ($0.name, $0.value) }, bytes)
    }

    static func timeAmount(_ duration: Duration) -> TimeAmount {
        let (seconds, attoseconds) = duration.components
        return .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}
