import Foundation
import Hummingbird
import Storage
import SandboxStore

/// `GET /_sandbox/webhook-deliveries`: every attempt to post a Conerix event to a registered
/// endpoint, oldest first. Query: `endpoint_id` (one endpoint only), `after` (a `seq` cursor),
/// `limit`.
struct WebhookDeliveryAPI: Sendable {
    let store: any SandboxStorage

    /// Adds the route under `/_sandbox`.
    func addRoutes(to router: Router<SandboxRequestContext>) {
        router.group("_sandbox").get("webhook-deliveries") { request, _ in await list(request) }
    }

    private func list(_ request: Request) async -> Response {
        let query = request.uri.queryParameters
        var after: Int64 = 0
        var limit: Int?
        if let text = query.get("after") {
            guard let value = Int64(text), value >= 0 else { return Self.badQuery("`after` must be a whole number ≥ 0") }
            after = value
        }
        if let text = query.get("limit") {
            guard let value = Int(text), value > 0 else { return Self.badQuery("`limit` must be a whole number ≥ 1") }
            limit = value
        }
        do throws(StorageError) {
            let deliveries = try await store.sandboxWebhookDeliveries(
                endpointID: query.get("endpoint_id"), after: after, limit: limit)
            return .json(200, .object(["deliveries": .array(deliveries.map(Self.json))]))
        } catch {
            return Self.error(500, code: error.code.rawValue, message: error.message)
        }
    }

    private static func badQuery(_ message: String) -> Response { error(400, code: "bad_query", message: message) }

    private static func error(_ status: Int, code: String, message: String) -> Response {
        .json(status, .object(["error": .object(["code": .string(code), "message": .string(message)])]))
    }

    static func json(_ delivery: SandboxWebhookDelivery) -> JSONValue {
        .object([
            "seq": .int(Int(delivery.seq ?? 0)), "endpoint_id": .string(delivery.endpointID),
            "event_id": .string(delivery.eventID), "event_type": .string(delivery.eventType),
            "message_id": .string(delivery.messageID), "attempt": .int(delivery.attempt),
            "status_code": delivery.statusCode.map { .int($0) } ?? .null,
            "error": delivery.error.map { .string($0) } ?? .null, "succeeded": .bool(delivery.succeeded),
            "attempted_at": .string(ConerixAPI.timestamp(delivery.attemptedAt)),
        ])
    }
}
