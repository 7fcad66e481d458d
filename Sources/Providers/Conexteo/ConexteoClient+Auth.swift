import Foundation

extension ConexteoClient {
    /// How long a session is assumed to last when Conexteo does not say [I].
    static let defaultSessionLifetime: TimeInterval = 3600

    /// `POST /auth/login {email, password}`: a JWT for sub-account management [I: the path and
    /// shapes follow the NestJS/passport convention; the seed only names "Authentication
    /// (email / password)"]. Neither the password nor the token ever reaches a log line or an error.
    public func login(email: String, password: ProviderSecret) async throws(ProviderError) -> ConexteoSession {
        let operation = "login"
        // A client of its own, so the password is redacted wherever text is shown.
        let loginHTTP = ProviderHTTPClient(
            provider: name, baseURL: http.baseURL,
            auth: ProviderAuth(headers: http.auth.headers, secrets: http.auth.secrets + [password]),
            transport: http.transport, retry: http.retry, limiter: http.limiter, logger: http.logger,
            wallClock: http.wallClock, describeFailure: Self.describeLoginFailure)
        let body = try loginHTTP.jsonBody(["email": email, "password": password.unredactedValue], operation: operation)
        // Logging in twice is harmless, so it is retried like a read.
        let request = ProviderRequest(
            method: "POST", path: "/auth/login", body: body, operation: operation, idempotent: true, confidential: true)
        let response = try await loginHTTP.perform(request)
        let answer: ConexteoLoginResponse
        do {
            answer = try response.decode(ConexteoLoginResponse.self)
        } catch {
            // The decoder's message quotes the body, which may hold a token: say what is missing only.
            throw ProviderError(
                code: "invalid_response",
                message: "Conexteo answered login with HTTP \(response.status) but no access_token could be read "
                    + "(the body is not quoted: it may hold credentials) — the API may have changed: report it",
                httpStatus: response.status, provider: name, operation: operation, requestID: response.requestID)
        }
        return ConexteoSession(
            token: ProviderSecret(answer.accessToken), tokenType: answer.tokenType ?? "Bearer",
            expiresAt: wallClock().addingTimeInterval(answer.expiresIn ?? Self.defaultSessionLifetime))
    }

    /// A client whose calls carry `session`'s token, for sub-account management.
    public func withSession(_ session: ConexteoSession) -> ConexteoSessionClient {
        ConexteoSessionClient(client: self, session: session)
    }

    /// A refused login says to check the credentials, not the API key.
    static func describeLoginFailure(_ response: ProviderResponse) -> ProviderError {
        var error = ConexteoErrorBody.failure(from: response)
        if response.status == 401 || response.status == 403 {
            error.code = "unauthorized"
            let said = (try? response.decode(ConexteoErrorBody.self))?.text ?? "HTTP \(response.status)"
            error.message = "Conexteo refused the login (\(said)): check the account's email and password"
        }
        return error
    }
}
