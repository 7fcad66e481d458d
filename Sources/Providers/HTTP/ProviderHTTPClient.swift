import Foundation
import Logging

/// The HTTP core one provider client talks through: authentication, the client-side rate limit,
/// retries with backoff for retryable failures only, typed errors, and redacted logging.
public struct ProviderHTTPClient: Sendable {
    /// The provider's name in errors and logs.
    public let provider: String
    /// The base URL, without a trailing slash.
    public let baseURL: String
    let auth: ProviderAuth
    let transport: HTTPTransport
    let retry: RetryPolicy
    let limiter: RateLimiter?
    let logger: Logger
    let redactor: Redactor
    let wallClock: @Sendable () -> Date
    /// Turns a provider's non-2xx answer into a code and message; the core adds the rest.
    let describeFailure: @Sendable (ProviderResponse) -> ProviderError

    /// Creates the core for one provider.
    /// - Parameters:
    ///   - describeFailure: reads the provider's error body; the code and message it returns are
    ///     kept, while status, retryability, provider and operation are filled in by the core.
    public init(
        provider: String, baseURL: String, auth: ProviderAuth, transport: HTTPTransport = .shared,
        retry: RetryPolicy = RetryPolicy(), limiter: RateLimiter? = nil,
        logger: Logger = Logger(label: "moonwire.providers"),
        wallClock: @escaping @Sendable () -> Date = { Date() },
        describeFailure: @escaping @Sendable (ProviderResponse) -> ProviderError
    ) {
        self.provider = provider
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.auth = auth
        self.transport = transport
        self.retry = retry
        self.limiter = limiter
        self.logger = logger
        self.redactor = Redactor(auth.secrets)
        self.wallClock = wallClock
        self.describeFailure = describeFailure
    }

    /// Sends `request`, retrying what is safe to retry, and returns a 2xx (or passthrough) answer.
    public func perform(_ request: ProviderRequest) async throws(ProviderError) -> ProviderResponse {
        let url = self.url(for: request)
        var headers = auth.headers
        headers.append(("Accept", "application/json"))
        headers.append(("User-Agent", "moonwire"))
        if request.body != nil { headers.append(("Content-Type", request.contentType)) }
        var attempt = 0
        while true {
            attempt += 1
            if let limiter {
                let wait = limiter.reserve()
                if wait > .zero {
                    log(.debug, "waiting for the \(provider) rate limit", request, ["wait_ms": "\(wait.milliseconds)"])
                    try await sleep(wait, request)
                }
            }
            log(.debug, "→ \(request.method) \(url)", request, ["attempt": "\(attempt)"])
            log(.trace, "request headers", request, ["headers": .string(headerText(headers))])
            if let body = request.body, !request.confidential {
                log(.trace, "request body", request, ["body": .string(String(decoding: body, as: UTF8.self))])
            }

            let answer: (status: Int, headers: [(name: String, value: String)], body: [UInt8])
            do {
                answer = try await transport.execute(method: request.method, url: url, headers: headers, body: request.body)
            } catch {
                let failure = TransportFailure(error)
                var providerError = failure.error(provider: provider, operation: request.operation, redactor: redactor)
                let retryable = failure.surelyNotSent || (failure.retryableIfIdempotent && request.idempotent)
                if failure.retryableIfIdempotent && !request.idempotent { markOutcomeUnknown(&providerError, "reached") }
                providerError.retryable = retryable && providerError.code != "outcome_unknown"
                log(.debug, "✗ \(request.method) \(url): \(providerError.code)", request, ["attempt": "\(attempt)"])
                guard retryable, attempt < retry.maxAttempts else { throw providerError }
                try await backOff(after: attempt, request, reason: providerError.code, hint: nil)
                continue
            }

            let response = ProviderResponse(
                status: answer.status, headers: answer.headers, body: answer.body, provider: provider,
                operation: request.operation, redactor: redactor)
            let hint = RateLimitHint(headers: answer.headers, now: wallClock())
            log(.debug, "← \(answer.status) \(request.method) \(url)", request,
                ["attempt": "\(attempt)", "request_id": .string(redactor.redact(response.requestID ?? "-"))])
            if !request.confidential { log(.trace, "response body", request, ["body": .string(response.text)]) }
            if hint.remaining == 0, let delay = hint.delay { limiter?.hold(for: delay) }

            if (200..<300).contains(answer.status) || request.passthroughStatuses.contains(answer.status) {
                return response
            }
            var providerError = describeFailure(response)
            providerError.message = redactor.redact(providerError.message)
            providerError.provider = provider
            providerError.operation = request.operation
            providerError.httpStatus = answer.status
            providerError.requestID = providerError.requestID ?? response.requestID
            providerError.retryable = Self.isRetryable(status: answer.status, idempotent: request.idempotent)
            if !providerError.retryable, Self.isRetryable(status: answer.status, idempotent: true) {
                // A 500/502/504 may come after the provider acted: without dedup, repeating could send twice.
                markOutcomeUnknown(&providerError, "been processed by")
            }
            guard providerError.retryable, attempt < retry.maxAttempts else { throw providerError }
            if answer.status == 429, let delay = hint.delay, delay > retry.maxServerDelay {
                providerError.message += "; \(provider) asks to wait \(delay.seconds) s, longer than this client waits"
                throw providerError
            }
            if answer.status == 429, let delay = hint.delay { limiter?.hold(for: delay) }
            try await backOff(after: attempt, request, reason: "HTTP \(answer.status)", hint: answer.status == 429 || answer.status == 503 ? hint.delay : nil)
        }
    }

    /// Statuses worth trying again: throttling (429) and unavailability (503), which say the
    /// provider did nothing; and, when repeating cannot act twice, timeouts and other server-side
    /// failures too — but never 501 (the endpoint will never exist) nor a 4xx about the request.
    static func isRetryable(status: Int, idempotent: Bool) -> Bool {
        if status == 429 || status == 503 { return true }
        guard idempotent else { return false }
        return status == 408 || ((500..<600).contains(status) && status != 501)
    }

    func url(for request: ProviderRequest) -> String {
        var url = baseURL + request.path
        if !request.query.isEmpty {
            var components = URLComponents()
            components.queryItems = request.query.map { URLQueryItem(name: $0.name, value: $0.value) }
            url += "?" + (components.percentEncodedQuery ?? "")
        }
        return url
    }

    /// A failure after which the request may have taken effect, on a call that cannot be deduped:
    /// `outcome_unknown`, never retried (at most once).
    private func markOutcomeUnknown(_ error: inout ProviderError, _ how: String) {
        error.code = "outcome_unknown"
        error.message += "; the request may have \(how) \(provider), which cannot dedup it, so it is not retried "
            + "(at most once): check the \(provider) dashboard before sending again"
    }

    private func backOff(after attempt: Int, _ request: ProviderRequest, reason: String, hint: Duration?) async throws(ProviderError) {
        let delay = hint ?? retry.backoff(retry: attempt)
        log(.warning, "retrying \(provider) \(request.operation) after \(reason)", request,
            ["attempt": "\(attempt)", "delay_ms": "\(delay.milliseconds)"])
        try await sleep(delay, request)
    }

    private func sleep(_ delay: Duration, _ request: ProviderRequest) async throws(ProviderError) {
        do {
            try await retry.sleeper.sleep(for: delay)
        } catch {
            throw ProviderError(
                code: "cancelled", message: "the \(request.operation) request was cancelled while waiting to retry",
                provider: provider, operation: request.operation)
        }
    }

    private func headerText(_ headers: [(name: String, value: String)]) -> String {
        headers.map { "\($0.name): \(redactor.redactHeader(name: $0.name, value: $0.value))" }.joined(separator: "; ")
    }

    /// Logs through the redactor: message and metadata values alike. Both are autoclosures, so a
    /// line below the logger's level costs nothing: no interpolation, no redaction, no body decoding.
    func log(
        _ level: Logger.Level, _ message: @autoclosure () -> String, _ request: ProviderRequest,
        _ extra: @autoclosure () -> Logger.Metadata = [:]
    ) {
        guard logger.logLevel <= level else { return }
        var metadata: Logger.Metadata = ["provider": .string(provider), "operation": .string(request.operation)]
        for (key, value) in extra() { metadata[key] = .string(redactor.redact("\(value)")) }
        logger.log(level: level, "\(redactor.redact(message()))", metadata: metadata)
    }

    /// `value` encoded as a JSON request body for `operation`.
    func jsonBody(_ value: some Encodable, operation: String) throws(ProviderError) -> [UInt8] {
        do {
            return Array(try JSONEncoder().encode(value))
        } catch {
            throw ProviderError(
                code: "invalid_request", message: "could not encode the \(operation) request: \(error)",
                provider: provider, operation: operation)
        }
    }
}
