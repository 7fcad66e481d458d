import Foundation
import Logging
import SMSCore

/// Conexteo's REST API (`X-API-KEY`, plus `X-APP-ID` when configured). Every send carries an
/// `external_id`, generated when the caller gives none and kept across retries, so retrying a
/// timed-out send is safe: Conexteo answers 409 to a key it has already processed.
public struct ConexteoClient: MessagingProvider {
    public let name = "conexteo"
    /// The settings the client was built with.
    public let configuration: ConexteoConfiguration
    let http: ProviderHTTPClient
    let wallClock: @Sendable () -> Date
    let makeExternalID: @Sendable () -> String

    /// A client for `configuration`.
    /// - Parameters:
    ///   - makeExternalID: the dedup key for a send that has none.
    public init(
        configuration: ConexteoConfiguration, transport: HTTPTransport = .shared, retry: RetryPolicy = RetryPolicy(),
        logger: Logger = Logger(label: "moonwire.providers.conexteo"), limiters: RateLimiterRegistry = .shared,
        wallClock: @escaping @Sendable () -> Date = { Date() },
        makeExternalID: @escaping @Sendable () -> String = { "mw-" + UUID().uuidString.lowercased() }
    ) {
        self.configuration = configuration
        self.wallClock = wallClock
        self.makeExternalID = makeExternalID
        var headers: [(name: String, value: String)] = [("X-API-KEY", configuration.apiKey.unredactedValue)]
        if let appID = configuration.appID { headers.append(("X-APP-ID", appID)) }
        self.http = ProviderHTTPClient(
            provider: "conexteo", baseURL: configuration.baseURL,
            auth: ProviderAuth(headers: headers, secrets: [configuration.apiKey]),
            transport: transport, retry: retry,
            limiter: configuration.requestsPerMinute.map {
                limiters.limiter(provider: "conexteo", key: configuration.apiKey, requestsPerMinute: $0)
            },
            logger: logger, wallClock: wallClock, describeFailure: ConexteoErrorBody.failure(from:))
    }

    public func send(_ message: OutboundMessage) async throws(ProviderError) -> SendReceipt {
        let outcome: ConexteoSendOutcome
        do {
            outcome = try await sendSMS(to: [message.to], body: message.body, from: message.from, externalID: message.externalID)
        } catch where error.httpStatus == 400 && error.message.localizedCaseInsensitiveContains("stop list") {
            throw Self.optedOut(message.to.e164, error)
        }
        // Conexteo skips stopped numbers and counts them in `stops` [G]: a send whose one
        // recipient was skipped sent nothing.
        if let response = outcome.response, response.recipientsCount == 0, (response.stops ?? 0) > 0 {
            throw Self.optedOut(message.to.e164, nil)
        }
        return SendReceipt(
            // The 409 names no message: the external id is the only handle on the earlier send.
            id: outcome.response?.messageID ?? outcome.externalID,
            status: outcome.alreadyProcessed ? "already_processed" : "accepted",
            to: message.to.e164, from: message.from?.value ?? "",
            segments: message.segmentation.segments, encoding: message.segmentation.encoding.rawValue,
            externalID: outcome.externalID, createdAt: wallClock(), alreadyProcessed: outcome.alreadyProcessed)
    }

    /// A send Conexteo refused because `number` is on its stop list (the recipient's STOP, or its console).
    static func optedOut(_ number: String, _ error: ProviderError?) -> ProviderError {
        var failure = ProviderError(
            code: "opted_out",
            message: "\(number) is on Conexteo's stop list, so Conexteo sent nothing; it is now on Moonwire's stop list too "
                + "(stops.remove(\"\(number)\") takes it off both, if the person asked to receive messages again)",
            retryable: false)
        failure.httpStatus = error?.httpStatus
        failure.provider = "conexteo"
        failure.operation = "send"
        failure.requestID = error?.requestID
        return failure
    }

    /// `POST /messages/sms` ("Manual send") to one or more recipients.
    /// - Parameters:
    ///   - externalID: the dedup key; one is generated when nil, and the same key is sent on every retry.
    ///   - scheduleAt: send later (Conexteo's `scheduleAt`, UTC ISO 8601).
    public func sendSMS(
        to recipients: [PhoneNumber], body: String, from: SenderID? = nil, externalID: String? = nil, scheduleAt: Date? = nil
    ) async throws(ProviderError) -> ConexteoSendOutcome {
        let key = externalID ?? makeExternalID()
        let payload = ConexteoSMSRequest(
            content: body, recipients: recipients.map(\.e164), sender: from?.value, externalID: key,
            scheduleAt: scheduleAt.map { $0.formatted(.iso8601) })
        return try await keyedSend("/messages/sms", body: payload, key: key, operation: "send")
    }

    /// `GET /users/credits`: the account's credit buckets (the check every public client makes first).
    public func credits() async throws(ProviderError) -> [ConexteoCreditBucket] {
        let request = ProviderRequest(method: "GET", path: "/users/credits", operation: "credits", idempotent: true)
        return try await http.perform(request).decode([ConexteoCreditBucket].self)
    }
}
