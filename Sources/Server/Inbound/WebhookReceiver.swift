import Crypto
import Foundation
import Hummingbird
import NIOCore
import Providers
import SMSCore
import Storage

/// The routes `moonwire serve --http` answers: providers' webhooks, stored once in the inbound
/// and delivery logs, where the daemon's loops route them (DESIGN.md §6). Nothing is routed
/// here, so a slow plugin never makes a provider's webhook time out.
///
/// - `POST /webhooks/conexteo?token=T`: Conexteo replies. Conexteo signs nothing, so the URL
///   configured in its UI carries a secret token (`CONEXTEO_WEBHOOK_TOKEN`).
/// - `POST /webhooks/conerix`: Conerix events (`message.sent`, `.delivered`, `.failed`), verified
///   with the endpoint's signing secret (`CONERIX_WEBHOOK_SECRET`) before anything is parsed.
/// - `GET /healthz`: `ok`.
///
/// Answers: 200 `{"stored": n, "duplicates": m}` (plus `"skipped": [reason…]` for items of a
/// Conexteo batch that could not be read; the others are kept); 400 with `{"error": {"code",
/// "message"}}` for a body or signature that does not hold (the provider should not retry it); 401 for a bad
/// token; 503 when the route's secret is not configured; 500 when the store fails (the provider
/// retries, and dedup by id makes the retry harmless).
public struct WebhookReceiver: Sendable {
    /// The largest webhook body read.
    static let maxBodyBytes = 1024 * 1024

    let store: any EngineStorage
    let region: String
    /// The token `/webhooks/conexteo` requires, when configured.
    public let conexteoToken: String?
    /// The signing secret `/webhooks/conerix` verifies with, when configured.
    public let conerixSecret: String?
    let clock: any TimeSource

    /// A receiver storing into `store`; a nil secret disables its route (503 with a hint).
    public init(store: any EngineStorage, region: String, conexteoToken: String?, conerixSecret: String?, clock: any TimeSource) {
        self.store = store
        self.region = region
        self.conexteoToken = conexteoToken.flatMap { $0.isEmpty ? nil : $0 }
        self.conerixSecret = conerixSecret.flatMap { $0.isEmpty ? nil : $0 }
        self.clock = clock
    }

    /// Adds the routes to `router`.
    public func addRoutes<Context: RequestContext>(to router: Router<Context>) {
        router.get("healthz") { _, _ in Response.raw(200, bytes: Array("ok\n".utf8), contentType: "text/plain") }
        router.post("webhooks/conexteo") { request, _ in await conexteo(request) }
        router.post("webhooks/conerix") { request, _ in await conerix(request) }
    }

    func conexteo(_ request: Request) async -> Response {
        guard let expected = conexteoToken else {
            return Self.error(
                503, "not_configured",
                "Conexteo reply webhooks are off: set CONEXTEO_WEBHOOK_TOKEN and give Conexteo the URL …/webhooks/conexteo?token=<it>")
        }
        guard let given = request.uri.queryParameters.get("token"), Self.same(given, expected) else {
            return Self.error(401, "bad_token", "the `token` query parameter is missing or wrong")
        }
        let body: [UInt8]
        switch await Self.read(request) {
        case .bytes(let bytes): body = bytes
        case .refused(let response): return response
        }
        let batch: ConexteoReplyWebhook.Batch
        do throws(ProviderError) {
            batch = try ConexteoReplyWebhook.replies(body: body)
        } catch {
            return Self.error(400, error.code, error.message)
        }
        let now = clock.now()
        var skipped = batch.skipped
        var rows: [InboundRow] = []
        for reply in batch.replies {
            let text = reply.from ?? ""
            // A reply without a readable number cannot be answered or opted out: skipped, the
            // others kept (a 400 would make the provider drop them all).
            guard let from = try? PhoneNumber.parse(text, region: region).e164 else {
                skipped.append("reply \(reply.id): \"\(text)\" is not a phone number")
                continue
            }
            // SQLite text ends at a NUL: such a reply is refused whole, never stored cut.
            if let position = reply.content.nulPosition {
                skipped.append(
                    "reply \(reply.id): its content holds a NUL character (\\u0000) at character \(position); "
                        + "Moonwire stores a reply whole or not at all")
                continue
            }
            rows.append(
                InboundRow(
                    provider: "conexteo", providerID: reply.id, from: from, to: reply.to ?? "", body: reply.content,
                    receivedAt: reply.receivedAt ?? now))
        }
        guard !rows.isEmpty else {
            return Self.error(400, "invalid_webhook", "no reply could be read: " + skipped.joined(separator: "; "))
        }
        do throws(StorageError) {
            let stored = try await store.recordInbound(rows, cursor: nil, position: nil)
            return Self.stored(stored.count, of: rows.count, skipped: skipped)
        } catch {
            return Self.error(500, "store_failed", error.message)
        }
    }

    func conerix(_ request: Request) async -> Response {
        guard let secret = conerixSecret else {
            return Self.error(
                503, "not_configured",
                "Conerix webhooks are off: set CONERIX_WEBHOOK_SECRET to the endpoint's signing secret (whsec_…)")
        }
        let body: [UInt8]
        switch await Self.read(request) {
        case .bytes(let bytes): body = bytes
        case .refused(let response): return response
        }
        let event: ConerixEvent
        do throws(ProviderError) {
            event = try ConerixWebhook.event(
                body: body, signatureHeader: request.header(ConerixSignature.headerName), secret: secret,
                now: Date())
        } catch {
            return Self.error(400, error.code, error.message)
        }
        guard let type = event.eventType else {
            // An event type Moonwire does not know is acknowledged, so Conerix does not retry it.
            return Self.stored(0, of: 0)
        }
        let status: DeliveryStatus
        switch type {
        case .sent: status = .sent
        case .delivered: status = .delivered
        case .failed: status = .failed
        }
        let to = (try? PhoneNumber.parse(event.data.to, region: region).e164) ?? event.data.to
        let report = DeliveryRow(
            provider: "conerix", eventID: event.id, messageID: event.data.id, to: to, status: status,
            error: type == .failed ? event.data.status : nil,
            occurredAt: event.data.deliveredDate ?? event.createdDate ?? clock.now())
        do throws(StorageError) {
            let stored = try await store.recordDeliveries([report], cursor: nil, position: nil)
            return Self.stored(stored.count, of: 1)
        } catch {
            return Self.error(500, "store_failed", error.message)
        }
    }

    /// A webhook body, or the answer to a request whose body cannot be had.
    enum BodyRead {
        case bytes([UInt8])
        case refused(Response)
    }

    /// The body; 413 when it is larger than ``maxBodyBytes``, 400 when it cannot be read (a
    /// malformed chunked encoding, a connection cut mid-body).
    static func read(_ request: Request) async -> BodyRead {
        do {
            let buffer = try await request.body.collect(upTo: maxBodyBytes)
            return .bytes(Array(buffer.readableBytesView))
        } catch is NIOTooManyBytesError {
            return .refused(tooLarge)
        } catch {
            return .refused(
                Self.error(400, "unreadable_body", "the request body could not be read (\(error)): send it again, whole"))
        }
    }

    static var tooLarge: Response {
        error(413, "too_large", "the body is larger than \(maxBodyBytes / 1024) KiB, the most a webhook may carry")
    }

    static func stored(_ stored: Int, of total: Int, skipped: [String] = []) -> Response {
        var members: [JSONValue.Member] = [.init(key: "stored", value: .int(stored)), .init(key: "duplicates", value: .int(total - stored))]
        if !skipped.isEmpty {
            members.append(.init(key: "skipped", value: .array(skipped.map(JSONValue.string))))
        }
        return .json(200, .object(members))
    }

    static func error(_ status: Int, _ code: String, _ message: String) -> Response {
        .json(status, .object(["error": .object(["code": .string(code), "message": .string(message)])]))
    }

    /// Compares in constant time, so the token cannot be guessed byte by byte from timings.
    static func same(_ a: String, _ b: String) -> Bool {
        let x = Array(SHA256.hash(data: Data(a.utf8)))
        let y = Array(SHA256.hash(data: Data(b.utf8)))
        return zip(x, y).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
