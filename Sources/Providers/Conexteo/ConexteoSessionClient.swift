import Foundation

/// Conexteo calls made with a login session: sub-account management, which needs a JWT
/// (`Authorization: Bearer <token>`) besides the API key (seed, "Authentication"). Made by
/// ``ConexteoClient/withSession(_:)``; the token is redacted like the key in logs and errors.
public struct ConexteoSessionClient: Sendable {
    /// The session whose token the calls carry.
    public let session: ConexteoSession
    let http: ProviderHTTPClient
    let wallClock: @Sendable () -> Date

    init(client: ConexteoClient, session: ConexteoSession) {
        self.session = session
        self.wallClock = client.wallClock
        let base = client.http
        self.http = ProviderHTTPClient(
            provider: client.name, baseURL: base.baseURL,
            auth: ProviderAuth(
                headers: base.auth.headers + [("Authorization", "Bearer \(session.token.unredactedValue)")],
                secrets: base.auth.secrets + [session.token]),
            transport: base.transport, retry: base.retry, limiter: base.limiter, logger: base.logger,
            wallClock: base.wallClock, describeFailure: Self.describeFailure)
    }

    /// A 401 here is about the session, not the API key.
    static func describeFailure(_ response: ProviderResponse) -> ProviderError {
        var error = ConexteoErrorBody.failure(from: response)
        if response.status == 401 {
            error.code = "unauthorized"
            let said = (try? response.decode(ConexteoErrorBody.self))?.text ?? "HTTP 401"
            error.message = "Conexteo refused the session token for \(response.operation) (\(said)): "
                + "it is missing, expired or invalid — log in again with login(email:password:)"
        }
        return error
    }

    /// Sends `request` unless the session has already expired (which the server would refuse).
    func perform(_ request: ProviderRequest) async throws(ProviderError) -> ProviderResponse {
        guard !session.isExpired(at: wallClock()) else {
            throw ProviderError(
                code: "session_expired",
                message: "the Conexteo session expired at \(session.expiresAt.formatted(.iso8601)): "
                    + "log in again with login(email:password:) before \(request.operation)",
                provider: http.provider, operation: request.operation)
        }
        return try await http.perform(request)
    }

    /// `GET path` decoded as `T`.
    func get<T: Decodable>(_ path: String, operation: String, as type: T.Type = T.self) async throws(ProviderError) -> T {
        try await perform(ProviderRequest(method: "GET", path: path, operation: operation, idempotent: true)).decode(T.self)
    }

    /// A request with a JSON body, decoded as `T`.
    func call<T: Decodable>(
        _ method: String, _ path: String, body: some Encodable, operation: String, idempotent: Bool,
        confidential: Bool = false, as type: T.Type = T.self
    ) async throws(ProviderError) -> T {
        let request = ProviderRequest(
            method: method, path: path, body: try http.jsonBody(body, operation: operation), operation: operation,
            idempotent: idempotent, confidential: confidential)
        return try await perform(request).decode(T.self)
    }

    /// A paginated `GET path?page=N&limit=M` read lazily as rows.
    func pages<Row: Decodable & Sendable>(_ path: String, operation: String, pageSize: Int) -> ConexteoPages<Row> {
        let client = self
        return ConexteoPages(pageSize: pageSize) { page, limit throws(ProviderError) in
            let request = ProviderRequest(
                method: "GET", path: path, query: [("page", String(page)), ("limit", String(limit))], operation: operation,
                idempotent: true)
            return try await client.perform(request).decode(ConexteoPage<Row>.self)
        }
    }
}
