import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import NIOPosix

/// HTTP for scripts (`http.request`, `flow:http`): the address of every host is checked before
/// any connection, redirects are followed here (at most five) so each hop is checked again, the
/// whole call has one deadline and the answer one size cap. Never throws anything but
/// ``OutboundHTTPError``; an answer of any status is a response.
public struct OutboundHTTPClient: OutboundTransport {
    /// Which hosts beyond public addresses may be reached.
    public let policy: AddressPolicy
    let resolver: any HostResolver
    let logger: Logger?

    /// The one pool every script call goes through: redirects off (followed and checked here),
    /// connection failures reported at once rather than retried until the deadline, and room for
    /// as many calls at once to one host as `serve` runs handlers.
    static let pool: HTTPClient = {
        var configuration = HTTPClient.Configuration(
            redirectConfiguration: .disallow,
            timeout: .init(connect: .seconds(10), read: .seconds(60)),
            connectionPool: .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: 1024))
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.httpVersion = .automatic
        return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }()

    /// A client for `policy`.
    /// - Parameters:
    ///   - resolver: how host names become addresses (the system's by default).
    ///   - logger: receives one debug line per exchange, with query values and credentials hidden.
    public init(policy: AddressPolicy = AddressPolicy(), resolver: any HostResolver = SystemHostResolver(), logger: Logger? = nil) {
        self.policy = policy
        self.resolver = resolver
        self.logger = logger
    }

    /// Makes the call, following redirects; the answer whatever its status.
    public func perform(_ request: OutboundRequest) async throws(OutboundHTTPError) -> OutboundResponse {
        let deadline = ContinuousClock.now + request.timeout
        var current = request
        var redirects = 0
        var previous: Origin?
        while true {
            let hop = current
            let origin: Origin
            do {
                origin = try await Self.racing(deadline) { try await self.check(hop.url) }
            } catch {
                throw error as? OutboundHTTPError ?? Self.classify(error, request: hop, timeout: request.timeout)
            }
            if let previous, origin != previous {
                // Credentials given for one origin are not carried to another (nor from https to http).
                current.headers.removeAll { Redactor.sensitiveHeaders.contains($0.name.lowercased()) }
            }
            previous = origin
            let started = ContinuousClock.now
            let response = try await exchange(current, deadline: deadline, timeout: request.timeout)
            logger?.debug(
                "http \(current.method) \(Self.redacted(current.url)) -> \(response.status) in \((ContinuousClock.now - started).milliseconds) ms")
            guard [301, 302, 303, 307, 308].contains(response.status), let location = response.header("location") else {
                return response
            }
            redirects += 1
            guard redirects <= OutboundRequest.maximumRedirects else {
                throw OutboundHTTPError(
                    .tooManyRedirects,
                    "\(Self.redacted(request.url)) redirected more than \(OutboundRequest.maximumRedirects) times (last to "
                        + "\(Self.redacted(location))): call the final URL directly")
            }
            guard let next = URL(string: location, relativeTo: URL(string: current.url))?.absoluteURL.absoluteString else {
                throw OutboundHTTPError(.badURL, "\(Self.redacted(current.url)) redirected to \"\(Self.redacted(location))\", which is not a URL")
            }
            current = Self.redirect(current, to: next, status: response.status)
        }
    }

    // MARK: - One hop

    /// Where a URL leads: scheme, host and port, after its addresses passed the policy.
    struct Origin: Equatable {
        var scheme: String
        var host: String
        var port: Int
    }

    /// Reads `url` and refuses it unless http(s) to an allowed host or to public addresses only.
    func check(_ url: String) async throws(OutboundHTTPError) -> Origin {
        guard let parsed = URL(string: url), let scheme = parsed.scheme?.lowercased() else {
            throw OutboundHTTPError(.badURL, "\"\(Self.redacted(url))\" is not a URL (write it whole, e.g. https://crm.example.com/leads)")
        }
        guard scheme == "http" || scheme == "https" else {
            throw OutboundHTTPError(.badURL, "\(Self.redacted(url)): only http and https URLs can be called, not \(scheme)")
        }
        guard let rawHost = parsed.host, !rawHost.isEmpty else {
            throw OutboundHTTPError(.badURL, "\(Self.redacted(url)) has no host")
        }
        let host = AddressPolicy.bare(rawHost)
        let port = parsed.port ?? (scheme == "https" ? 443 : 80)
        let origin = Origin(scheme: scheme, host: host, port: port)
        if policy.allows(host: host, port: port) { return origin }
        let literal = IPAddress(host)
        let addresses: [IPAddress]
        if let literal {
            addresses = [literal]
        } else {
            addresses = try await resolver.addresses(of: host)
        }
        for address in addresses {
            guard let restriction = address.restriction else { continue }
            let named = literal == nil ? "\(host) resolves to \(address), which is" : "\(address) is"
            let entry = literal?.bytes.count == 16 ? "[\(host)]:\(port)" : "\(host):\(port)"
            throw OutboundHTTPError(
                .blockedAddress,
                "\(named) a \(restriction) address, which scripts may not call by default: if this service is yours, "
                    + "allow it with MOONWIRE_HTTP_ALLOW=\(entry) (or [http] allow in moonwire.toml)")
        }
        return origin
    }

    /// One request and its whole answer, within the deadline.
    func exchange(_ request: OutboundRequest, deadline: ContinuousClock.Instant, timeout: Duration) async throws(OutboundHTTPError)
        -> OutboundResponse
    {
        let url = request.url
        do {
            return try await Self.racing(deadline) {
                    var outgoing = HTTPClientRequest(url: url)
                    outgoing.method = HTTPMethod(rawValue: request.method)
                    for header in request.headers { outgoing.headers.add(name: header.name, value: header.value) }
                    if request.header("user-agent") == nil { outgoing.headers.add(name: "User-Agent", value: "moonwire") }
                    if let body = request.body { outgoing.body = .bytes(ByteBuffer(bytes: body)) }
                    let left = deadline - ContinuousClock.now
                    let response = try await Self.pool.execute(outgoing, timeout: HTTPTransport.timeAmount(max(left, .milliseconds(1))))
                    var buffer = try await response.body.collect(upTo: request.maxResponseBytes)
                    return OutboundResponse(
                        status: Int(response.status.code),
                        headers: response.headers.map { OutboundHeader($0.name.lowercased(), $0.value) },
                        body: buffer.readBytes(length: buffer.readableBytes) ?? [], url: url)
            }
        } catch {
            throw Self.classify(error, request: request, timeout: timeout)
        }
    }

    /// `body`'s result, or `deadlineExceeded` once `deadline` passes (`body` is then cancelled).
    /// A race of its own rather than AsyncHTTPClient's deadline, which stops at the answer's
    /// head and so would not bound the body or the address lookup.
    static func racing<T: Sendable>(_ deadline: ContinuousClock.Instant, _ body: @escaping @Sendable () async throws -> T)
        async throws -> T
    {
        try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask { try await body() }
            group.addTask {
                try await Task.sleep(until: deadline, clock: .continuous)
                return nil
            }
            defer { group.cancelAll() }
            guard let first = try await group.next(), let value = first else { throw HTTPClientError.deadlineExceeded }
            return value
        }
    }

    /// The request a redirect asks for: 303 (and 301/302 after a POST) become a GET without a
    /// body, as browsers do. (`perform` drops the credentials when the origin changes.)
    static func redirect(_ request: OutboundRequest, to url: String, status: Int) -> OutboundRequest {
        var next = request
        next.url = url
        if status == 303 && request.method != "HEAD" || (status == 301 || status == 302) && request.method == "POST" {
            next.method = "GET"
            next.body = nil
            next.headers.removeAll { ["content-type", "content-length"].contains($0.name.lowercased()) }
        }
        return next
    }

    // MARK: - Errors and logs

    static func classify(_ error: any Error, request: OutboundRequest, timeout: Duration) -> OutboundHTTPError {
        if let error = error as? OutboundHTTPError { return error }
        let call = "\(request.method) \(redacted(request.url))"
        let host = URL(string: request.url).flatMap { url in url.host.map { "\($0)\(url.port.map { ":\($0)" } ?? "")" } } ?? "the host"
        if error is CancellationError { return OutboundHTTPError(.cancelled, "\(call) was cancelled") }
        if error is NIOTooManyBytesError {
            return OutboundHTTPError(
                .tooLarge, "\(call) answered with more than \(request.maxResponseBytes) bytes; ask for less, or raise max_bytes (at most 16 MiB)")
        }
        // The server may have acted on a call whose answer was lost: again only if harmless.
        let timedOut = OutboundHTTPError(
            .timeout, "\(call) got no complete answer within \(timeout.seconds) s: "
                + "the service is slow or down; raise timeout= (at most 60 s) if it is only slow", retryable: request.isRepeatable)
        if let error = error as? HTTPClientError {
            switch error {
            case .deadlineExceeded, .readTimeout, .connectTimeout, .getConnectionFromPoolTimeout, .writeTimeout: return timedOut
            case .cancelled: return OutboundHTTPError(.cancelled, "\(call) was cancelled")
            case .invalidURL, .emptyHost, .emptyScheme:
                return OutboundHTTPError(.badURL, "\(call): \(error)")
            default: break
            }
        }
        if let error = error as? ChannelError, case .connectTimeout = error { return timedOut }
        if error is NIOConnectionError || (error as? IOError).map({ [ECONNREFUSED, ENETUNREACH, EHOSTUNREACH].contains($0.errnoCode) }) == true {
            return OutboundHTTPError(.refused, "\(call): nothing answers at \(host) (connection refused): check the URL and that the service runs")
        }
        let type = String(describing: Swift.type(of: error))
        if type.contains("SSL") || type.contains("TLS") {
            return OutboundHTTPError(.tls, "\(call): the TLS handshake with \(host) failed (\(error)): check its certificate")
        }
        return OutboundHTTPError(
            .connectionLost, "\(call): the connection to \(host) broke before a whole answer (\(error))", retryable: request.isRepeatable)
    }

    /// `url` for logs and messages: user and password dropped, every query value hidden (a
    /// token passed as `?key=...` must not reach a log).
    public static func redacted(_ url: String) -> String {
        var text = Substring(url.count > 2000 ? String(url.prefix(2000)) + "..." : url)
        var fragment: Substring = ""
        if let hash = text.firstIndex(of: "#") {
            fragment = text[hash...]
            text = text[..<hash]
        }
        var query: Substring?
        if let mark = text.firstIndex(of: "?") {
            query = text[text.index(after: mark)...]
            text = text[..<mark]
        }
        // scheme://user:password@host/... -> scheme://host/...
        if let authority = text.range(of: "://") {
            let rest = text[authority.upperBound...]
            let end = rest.firstIndex(of: "/") ?? rest.endIndex
            if let at = rest[..<end].lastIndex(of: "@") {
                text = text[..<authority.upperBound] + rest[rest.index(after: at)...]
            }
        }
        guard let query else { return String(text + fragment) }
        let hidden = query.split(separator: "&", omittingEmptySubsequences: false).map { pair in
            pair.firstIndex(of: "=").map { "\(pair[..<$0])=[REDACTED]" } ?? String(pair)
        }
        return String(text) + "?" + hidden.joined(separator: "&") + fragment
    }
}
