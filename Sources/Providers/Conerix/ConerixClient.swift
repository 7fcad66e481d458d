import Foundation
import Logging
import SMSCore

/// Conerix's REST API (`Authorization: Bearer`, JSON envelopes, 60 requests/minute per key).
/// Conerix has no server-side dedup, so a send whose outcome is unknown (the answer timed out or
/// the connection broke) is never retried: at most once (DESIGN.md §2.4).
public struct ConerixClient: MessagingProvider {
    public let name = "conerix"
    /// The settings the client was built with.
    public let configuration: ConerixConfiguration
    /// The sender used when a message names none (Conerix requires one).
    public let defaultSender: String
    let http: ProviderHTTPClient
    let wallClock: @Sendable () -> Date

    /// Largest recipient list one bulk request may carry (not configurable at Conerix).
    public static let maxBulkRecipients = 1_000

    /// A client for `configuration`.
    /// - Parameters:
    ///   - limiters: where the per-key rate limiter lives; clients sharing a key share a budget.
    public init(
        configuration: ConerixConfiguration, transport: HTTPTransport = .shared, retry: RetryPolicy = RetryPolicy(),
        logger: Logger = Logger(label: "moonwire.providers.conerix"), limiters: RateLimiterRegistry = .shared,
        defaultSender: String = SandboxProvider.defaultSender, wallClock: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.configuration = configuration
        self.defaultSender = defaultSender
        self.wallClock = wallClock
        self.http = ProviderHTTPClient(
            provider: "conerix", baseURL: configuration.baseURL, auth: .bearer(configuration.apiKey),
            transport: transport, retry: retry,
            limiter: limiters.limiter(
                provider: "conerix", key: configuration.apiKey, requestsPerMinute: configuration.requestsPerMinute),
            logger: logger, wallClock: wallClock, describeFailure: ConerixErrorEnvelope.failure(from:))
    }

    public func send(_ message: OutboundMessage) async throws(ProviderError) -> SendReceipt {
        let sent = try await sendMessage(message)
        return SendReceipt(
            id: sent.id, status: sent.status, to: sent.to ?? message.to.e164, from: sent.from ?? sender(message.from),
            segments: message.segmentation.segments, encoding: message.segmentation.encoding.rawValue,
            externalID: message.externalID,
            createdAt: sent.createdAt.flatMap { try? Date($0, strategy: .iso8601) } ?? wallClock())
    }

    /// `POST /v1/messages/send`: the message object Conerix created. The external id travels as
    /// `reference`, which Conerix echoes in webhooks but does not dedup on.
    public func sendMessage(_ message: OutboundMessage, routeID: Int? = nil) async throws(ProviderError) -> ConerixMessage {
        let payload = ConerixSendRequest(
            to: message.to.e164, from: sender(message.from), body: message.body, reference: message.externalID,
            routeID: routeID)
        let request = ProviderRequest(
            method: "POST", path: "/v1/messages/send", body: try http.jsonBody(payload, operation: "send"), operation: "send",
            idempotent: false)
        return try await http.perform(request).decodeConerix(ConerixMessage.self)
    }

    func sender(_ from: SenderID?) -> String { from?.value ?? defaultSender }
}

extension ProviderResponse {
    /// Unwraps Conerix's `{"success", "data", "meta"}` envelope, requiring `data`.
    func decodeConerix<T: Decodable>(_ type: T.Type) throws(ProviderError) -> T {
        let envelope = try decode(ConerixEnvelope<T>.self)
        if envelope.success == false { throw invalidResponse("`success` is false on a 2xx answer") }
        return envelope.data
    }
}
