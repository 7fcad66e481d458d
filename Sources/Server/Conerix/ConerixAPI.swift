import Foundation
import HTTPTypes
import Hummingbird
import SMSCore
import Storage
import SandboxStore

/// Conerix's API as the sandbox serves it under `/conerix/api` (the real base is
/// `https://conerix.com/api`), from providers.md §2 and the seed's sending page.
///
/// Verified [V]: the paths, `Authorization: Bearer`, the envelope, the send fields and its 201
/// message object, the bulk fields and `bulk_result`, the 1,000-recipient bulk cap, the webhook
/// endpoint fields, 60 requests/minute per key, the 429 body and `X-RateLimit-Limit`,
/// `X-RateLimit-Remaining`, `X-Request-Id`. Inferred [I]: 401 and 422 bodies and codes, the bulk
/// and webhook statuses, `Retry-After` and `X-RateLimit-Reset`, prices.
struct ConerixAPI: Sendable {
    let store: any SandboxStorage
    let clock: any TimeSource
    let apiKey: String
    let limiter: ConerixRateLimiter
    /// Posts the webhook events of accepted messages; nil when delivery is switched off.
    var webhooks: ConerixWebhookDispatcher?

    /// The most recipients one bulk request takes [V: "up to 1,000", "not configurable"].
    static let maxBulkRecipients = 1_000
    /// The sandbox's price per segment [I: the seed's example shows 0.0500 USD].
    static let pricing = Pricing(pricePerSegment: Decimal(string: "0.05")!, currency: "USD")
    /// Webhook event types [V].
    static let eventTypes = ["message.sent", "message.delivered", "message.failed"]

    /// Adds the routes under `/conerix/api/v1`.
    func addRoutes(to router: Router<SandboxRequestContext>) {
        let v1 = router.group("conerix/api/v1")
        v1.post("messages/send") { request, _ in await handle(request, send) }
        v1.post("messages/bulk") { request, _ in await handle(request, bulk) }
        v1.post("webhooks/create") { request, _ in await handle(request, createWebhook) }
    }

    /// Authenticates, applies the rate limit, then runs `route`; every answer carries
    /// `X-Request-Id`, and every authenticated one the `X-RateLimit-*` headers.
    private func handle(
        _ request: Request, _ route: (JSONValue?, String) async -> ConerixReply
    ) async -> Response {
        let requestID = SandboxIDs.conerixRequest()
        let authorization = request.headers[.authorization] ?? ""
        guard authorization.lowercased().hasPrefix("bearer "), !authorization.dropFirst(7).isEmpty else {
            return ConerixReply.error(
                401, type: "authentication_error", code: "missing_api_key",
                message: "No API key provided: send the header Authorization: Bearer <your API key>.",
                requestID: requestID
            ).response(requestID: requestID)
        }
        let key = String(authorization.dropFirst(7)).trimmingCharacters(in: .whitespaces)
        guard key == apiKey else {
            // The key is never echoed: it may be a real one sent to the wrong place.
            return ConerixReply.error(
                401, type: "authentication_error", code: "invalid_api_key",
                message: "Invalid API key provided: check the key in your Conerix dashboard.", requestID: requestID
            ).response(requestID: requestID)
        }
        var rateHeaders: HTTPFields = [HTTPField.Name("X-RateLimit-Limit")!: String(limiter.limit)]
        switch limiter.admit(key: key, now: clock.now()) {
        case .limited(let retryAfter, let reset):
            rateHeaders[HTTPField.Name("X-RateLimit-Remaining")!] = "0"
            rateHeaders[HTTPField.Name("X-RateLimit-Reset")!] = String(reset)
            rateHeaders[.retryAfter] = String(retryAfter)
            var reply = ConerixReply.error(
                429, type: "rate_limit_error", code: "rate_limit_exceeded",
                message: "Rate limit exceeded. Maximum \(limiter.limit) requests per minute.", requestID: requestID)
            reply.headers = rateHeaders
            return reply.response(requestID: requestID)
        case .allowed(let remaining, let reset):
            rateHeaders[HTTPField.Name("X-RateLimit-Remaining")!] = String(remaining)
            rateHeaders[HTTPField.Name("X-RateLimit-Reset")!] = String(reset)
        }
        var request = request
        let json: JSONValue?
        do {
            json = try await request.jsonBody()
        } catch {
            json = nil
        }
        var reply: ConerixReply
        if case .object = json {
            reply = await route(json, requestID)
        } else {
            reply = ConerixReply.error(
                400, type: "invalid_request_error", code: "invalid_json",
                message: "The request body must be a JSON object (Content-Type: application/json).",
                requestID: requestID)
        }
        for field in rateHeaders { reply.headers[field.name] = field.value }
        return reply.response(requestID: requestID)
    }

    /// `POST /v1/messages/send`: one message, 201 with the message object [V].
    private func send(_ json: JSONValue?, requestID: String) async -> ConerixReply {
        let to: String, from: String, body: String, reference: String?
        do throws(ConerixFieldError) {
            to = try Self.requiredString(json, "to", hint: "the recipient in E.164 format, e.g. +12025550143")
            from = try Self.requiredString(json, "from", hint: "an approved sender ID, e.g. Conerix")
            body = try Self.requiredString(json, "body", hint: "the message text, up to 1,600 characters")
            reference = try Self.optionalString(json, "reference")
        } catch {
            return .invalid(error.code, error.message, requestID: requestID)
        }
        var routeID = 1
        if let field = json?["route_id"] {
            guard let id = field.int else {
                return .invalid("invalid_parameter", "`route_id` must be an integer.", requestID: requestID)
            }
            routeID = id
        }
        let message: OutboundMessage
        do throws(SMSCoreError) {
            message = try OutboundMessage.validate(to: to, body: body, from: from)
        } catch {
            return .invalid(error.code.rawValue, error.message, requestID: requestID)
        }
        let record = record(message)
        do throws(StorageError) {
            _ = try await store.recordSandboxSend([record])
        } catch {
            return Self.storeFailure(error, requestID: requestID)
        }
        webhooks?.accepted([AcceptedConerixMessage(id: record.id, to: record.to, from: record.from, reference: reference)])
        return .success(201, messageObject(record, routeID: routeID), requestID: requestID)
    }

    /// `POST /v1/messages/bulk`: one body to up to 1,000 recipients, each its own message; a bad
    /// number fails that recipient only [V: "A bulk request can partially succeed"].
    private func bulk(_ json: JSONValue?, requestID: String) async -> ConerixReply {
        let from: String, body: String
        do throws(ConerixFieldError) {
            from = try Self.requiredString(json, "from", hint: "an approved sender ID, e.g. Conerix")
            body = try Self.requiredString(json, "body", hint: "the message text, up to 1,600 characters")
        } catch {
            return .invalid(error.code, error.message, requestID: requestID)
        }
        guard let list = json?["recipients"]?.array, !list.isEmpty else {
            return .invalid(
                "missing_parameter", "`recipients` is required: a non-empty array of E.164 numbers.",
                requestID: requestID)
        }
        guard list.count <= Self.maxBulkRecipients else {
            return .invalid(
                "too_many_recipients",
                "A bulk request takes at most \(Self.maxBulkRecipients) recipients; this one has \(list.count): "
                    + "split it into several requests.", requestID: requestID)
        }
        // Body and sender concern the whole request: checked (and segmented) once.
        let content: OutboundMessage.Content
        do throws(SMSCoreError) {
            content = try OutboundMessage.content(body: body, from: from)
        } catch {
            return .invalid(error.code.rawValue, error.message, requestID: requestID)
        }
        var records: [SandboxMessage] = []
        // nil where the recipient failed, with the error for its item.
        var items: [(to: String, record: SandboxMessage?, error: SMSCoreError?)] = []
        for entry in list {
            guard let to = entry.string else {
                return .invalid("invalid_parameter", "`recipients` must hold strings only.", requestID: requestID)
            }
            do throws(SMSCoreError) {
                let number = try OutboundMessage.recipient(to, region: "FR")
                let record = record(try OutboundMessage(to: number, content: content))
                records.append(record)
                items.append((to, record, nil))
            } catch {
                items.append((to, nil, error))
            }
        }
        do throws(StorageError) {
            if !records.isEmpty { _ = try await store.recordSandboxSend(records) }
        } catch {
            return Self.storeFailure(error, requestID: requestID)
        }
        webhooks?.accepted(records.map { AcceptedConerixMessage(id: $0.id, to: $0.to, from: $0.from, reference: nil) })
        let messages: [JSONValue] = items.map { item in
            if let record = item.record {
                return .object([
                    "id": .string(record.id), "to": .string(record.to), "status": .string("sent"),
                    "cost": .decimal(cost(record)),
                ])
            }
            return .object([
                "id": .null, "to": .string(item.to), "status": .string("failed"), "cost": .decimal(0),
                "error": .object([
                    "type": .string("invalid_request_error"), "code": .string(item.error?.code.rawValue ?? ""),
                    "message": .string(item.error?.message ?? ""),
                ]),
            ])
        }
        // 200 [I]: the docs give no status for bulk; 201 is documented for the single send only.
        return .success(
            200,
            .object([
                "object": .string("bulk_result"), "total": .int(items.count), "sent": .int(records.count),
                "failed": .int(items.count - records.count), "messages": .array(messages),
            ]), requestID: requestID)
    }

    /// `POST /v1/webhooks/create`: 201 [I] with the endpoint and its signing secret, shown only here [V].
    private func createWebhook(_ json: JSONValue?, requestID: String) async -> ConerixReply {
        let url: String, description: String
        do throws(ConerixFieldError) {
            url = try Self.requiredString(json, "url", hint: "the https URL Conerix will POST events to")
            description = try Self.optionalString(json, "description") ?? ""
        } catch {
            return .invalid(error.code, error.message, requestID: requestID)
        }
        guard let parsed = URL(string: url), ["http", "https"].contains(parsed.scheme?.lowercased() ?? ""),
            parsed.host?.isEmpty == false
        else {
            return .invalid("invalid_url", "`url` must be an absolute http(s) URL, e.g. https://example.com/hooks.",
                            requestID: requestID)
        }
        guard let list = json?["events"]?.array, !list.isEmpty else {
            return .invalid(
                "missing_parameter",
                "`events` is required: a non-empty array of \(Self.eventTypes.joined(separator: ", ")).",
                requestID: requestID)
        }
        var events: [String] = []
        for entry in list {
            guard let event = entry.string, Self.eventTypes.contains(event) else {
                return .invalid(
                    "invalid_event", "Unknown event type \(entry.string.map { "\"\($0)\"" } ?? "(not a string)"): "
                        + "use \(Self.eventTypes.joined(separator: ", ")).", requestID: requestID)
            }
            if !events.contains(event) { events.append(event) }
        }
        let endpoint = SandboxWebhookEndpoint(
            id: SandboxIDs.conerixWebhookEndpoint(), url: url, description: description, events: events,
            signingSecret: SandboxIDs.conerixSigningSecret(), isActive: true, createdAt: clock.now())
        do throws(StorageError) {
            try await store.insertSandboxWebhookEndpoint(endpoint)
        } catch {
            return Self.storeFailure(error, requestID: requestID)
        }
        return .success(
            201,
            .object([
                "id": .string(endpoint.id), "object": .string("webhook_endpoint"), "url": .string(endpoint.url),
                "description": .string(endpoint.description), "events": .array(events.map { .string($0) }),
                "is_active": .bool(true), "signing_secret": .string(endpoint.signingSecret),
            ]), requestID: requestID)
    }

    private func record(_ message: OutboundMessage) -> SandboxMessage {
        SandboxMessage(
            id: SandboxIDs.conerixMessage(), to: message.to.e164, from: message.from?.value ?? "",
            body: message.body, encoding: message.segmentation.encoding.rawValue,
            segments: message.segmentation.segments, status: "accepted",
            externalID: nil,  // Conerix has no server dedup (DESIGN §2.4); `reference` is not a key
            createdAt: clock.now())
    }

    private func cost(_ record: SandboxMessage) -> Decimal {
        Self.pricing.cost(segments: record.segments, recipients: 1)
    }

    /// The message object of the seed's 201 example [V fields].
    private func messageObject(_ record: SandboxMessage, routeID: Int) -> JSONValue {
        let at = Self.timestamp(record.createdAt)
        return .object([
            "id": .string(record.id), "object": .string("message"), "to": .string(record.to),
            "from": .string(record.from), "body": .string(record.body), "status": .string("sent"),
            "cost": .decimal(cost(record)), "currency": .string(Self.pricing.currency), "route_id": .int(routeID),
            "provider_message_id": .string(SandboxIDs.upstreamMessage()), "attempts": .int(1),
            "created_at": .string(at), "sent_at": .string(at),
        ])
    }

    /// `2026-05-12T11:34:21+00:00`, the seed's timestamp shape [V].
    static func timestamp(_ date: Date) -> String {
        let text = date.formatted(Date.ISO8601FormatStyle(timeZone: .gmt))
        return text.hasSuffix("Z") ? text.dropLast() + "+00:00" : text
    }

    private static func storeFailure(_ error: StorageError, requestID: String) -> ConerixReply {
        .error(500, type: "api_error", code: "store_failed", message: "The sandbox could not store the request: "
            + error.message, requestID: requestID)
    }

    private static func requiredString(_ json: JSONValue?, _ key: String, hint: String) throws(ConerixFieldError)
        -> String
    {
        guard let field = json?[key], field != .null else {
            throw ConerixFieldError(code: "missing_parameter", message: "`\(key)` is required: \(hint).")
        }
        guard let text = field.string else {
            throw ConerixFieldError(code: "invalid_parameter", message: "`\(key)` must be a string: \(hint).")
        }
        return text
    }

    @discardableResult
    private static func optionalString(_ json: JSONValue?, _ key: String) throws(ConerixFieldError) -> String? {
        guard let field = json?[key], field != .null else { return nil }
        guard let text = field.string else {
            throw ConerixFieldError(code: "invalid_parameter", message: "`\(key)` must be a string.")
        }
        return text
    }
}
