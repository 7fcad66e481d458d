import Foundation
import Hummingbird
import Providers
import SMSCore
import Storage
import SandboxStore

/// Conexteo's API as the sandbox serves it under `/conexteo` (the real base is
/// `https://api.conexteo.com`), from providers.md §1 and the seed's getting-started page.
///
/// Verified [V]: `X-API-KEY` (+ `X-APP-ID`, which every public client sends), `GET /users/credits`
/// answering an array of buckets, `POST /messages/sms` with `content`, `recipients` (national or
/// E.164), `sender`, `external_id`, and the 409 body. From MindCloud's generated reference [G]:
/// the send response fields and `resumeBefore`. Inferred [I]: the 201/200 statuses, the 400/401/402
/// bodies, one credit per SMS segment, `message_id` being a string, the starting balance.
///
/// The other message operations (dynamic and RCS sends, history, details, cancel, recipients,
/// replies, templates) are in `ConexteoAPI+Messages.swift` and its siblings, each shape marked
/// there; most are [G] (MindCloud) or [I]. Every send writes a `sandbox_conexteo_send` record,
/// the campaign the history lists, whose id is the `message_id` the send answered.
struct ConexteoAPI: Sendable {
    let store: any SandboxStorage
    let clock: any TimeSource
    let apiKey: String
    let appID: String?

    /// The balance every sandbox account starts with.
    static let startingCredits = 10_000
    /// The account the sandbox charges (one per server: balances are not keyed by API key, so no
    /// key is ever written to the database).
    static let account = "conexteo"
    /// The price of one credit shown by `/users/credits` [I: the WP plugin reads `price` in euros].
    static let creditPrice = Decimal(string: "0.045")!

    /// Adds the routes under `/conexteo`.
    func addRoutes(to router: Router<SandboxRequestContext>) {
        let group = router.group("conexteo")
        group.get("users/credits") { request, _ in await authorized(request) { _ in await credits() } }
        group.post("messages/sms") { request, _ in await authorized(request) { await send($0, recipients: .numbers) } }
        // The legacy send takes the same fields for what the sandbox models, and its schedule as
        // `scheduledate` + `scheduletime` [V: WP connector].
        group.post("messages") { request, _ in await authorized(request) { await send($0, recipients: .numbers) } }
        addMessageRoutes(to: group)
        addDirectoryRoutes(to: group)
        addAccountRoutes(to: group)
    }

    /// Runs `route` when the request carries the configured key (and app id, when one is set).
    func authorized(_ request: Request, _ route: (Request) async -> Response) async -> Response {
        guard request.header("X-API-KEY") == apiKey else { return ConexteoReply.unauthorized }
        if let appID, request.header("X-APP-ID") != appID { return ConexteoReply.unauthorized }
        return await route(request)
    }

    /// `GET /users/credits`: `[{credits, label, msgType, price}]` [V shape, G fields].
    private func credits() async -> Response {
        do throws(StorageError) {
            let balance = try await store.sandboxCredits(account: Self.account, startingBalance: Self.startingCredits)
            return .json(
                200,
                .array([
                    .object([
                        "credits": .int(balance), "label": .string("SMS"), "msgType": .string("sms"),
                        "price": .decimal(Self.creditPrice),
                    ])
                ]))
        } catch {
            return ConexteoReply.storeFailed(error.message)
        }
    }

    /// `POST /messages/sms`, the legacy `POST /messages` and `POST /messages/sms/dynamic` (and
    /// `?resumeBefore=true`, a dry run that sends nothing).
    func send(_ request: Request, recipients kind: ConexteoSend.Recipients) async -> Response {
        var request = request
        let json = try? await request.jsonBody()
        guard case .object = json else {
            return ConexteoReply.badRequest(["the request body must be a JSON object with content and recipients"])
        }
        let parsed: ConexteoSend
        do throws(ConexteoSend.Invalid) {
            parsed = try ConexteoSend(json, recipients: kind)
        } catch {
            return ConexteoReply.badRequest(error.messages)
        }
        let smsCount = parsed.messages.reduce(0) { $0 + $1.segmentation.segments }
        if request.uri.queryParameters.get("resumeBefore") == "true" {
            return await summary(parsed, smsCount: smsCount)
        }
        let now = clock.now()
        let scheduled = parsed.scheduleAt.map { $0 > now } ?? false
        let records = parsed.messages.enumerated().map { index, message in
            SandboxMessage(
                id: SandboxMessage.makeID(), to: message.to.e164,
                from: message.from?.value ?? SandboxProvider.defaultSender, body: message.body,
                encoding: message.segmentation.encoding.rawValue, segments: message.segmentation.segments,
                status: scheduled ? "scheduled" : "accepted",
                // One send, one key: the first recipient's row carries it (the column is unique).
                externalID: index == 0 ? parsed.externalID : nil, createdAt: now)
        }
        let send = SandboxConexteoSend(
            id: records[0].id, channel: .sms, content: parsed.content, sender: records[0].from,
            state: scheduled ? .scheduled : .sent, recipientsCount: records.count, creditsRequired: smsCount,
            smsCount: smsCount, externalID: parsed.externalID, shortURLMode: parsed.shortURLMode,
            shortURL: parsed.shortURL, scheduleAt: parsed.scheduleAt, createdAt: now)
        return await record(records, as: send, duplicates: parsed.duplicates)
    }

    /// Stores a send and its messages, debiting one credit per segment, and answers as Conexteo
    /// does: 201 with the credit summary, 409 for a reused `external_id` [V], 402 for a short
    /// balance [I]. Every Conexteo send goes through here, so each one is in `GET /messages`, and
    /// each one skips the numbers on the stop list (counted in `stops`), as Conexteo does.
    /// - Parameters:
    ///   - records: one message per recipient, the first one's id being `send.id`.
    ///   - stops: recipients the caller already left out for being stopped.
    func record(_ records: [SandboxMessage], as send: SandboxConexteoSend, duplicates: Int, stops: Int = 0) async -> Response {
        let stopped: Set<String>
        do throws(StorageError) {
            stopped = try await store.sandboxStoppedRecipients(among: records.map(\.to))
        } catch {
            return ConexteoReply.storeFailed(error.message)
        }
        var kept = records.filter { !stopped.contains($0.to) }
        guard !kept.isEmpty else {
            return ConexteoReply.badRequest(["recipients: every recipient is on the stop list (\(records.count + stops) stopped)"])
        }
        // The key and the send's id belong to the first message actually sent.
        kept[0].externalID = records[0].externalID
        var send = send
        send.id = kept[0].id
        send.recipientsCount = kept.count
        send.creditsRequired = kept.reduce(0) { $0 + $1.segments }
        send.smsCount = send.creditsRequired
        let outcome: SandboxSend
        do throws(StorageError) {
            outcome = try await store.recordSandboxSend(
                kept,
                debit: .init(account: Self.account, amount: send.creditsRequired, startingBalance: Self.startingCredits),
                conexteoSend: send)
        } catch {
            return ConexteoReply.storeFailed(error.message)
        }
        switch outcome {
        case .alreadyProcessed:
            return ConexteoReply.alreadyProcessed
        case .insufficientCredits(let available):
            return ConexteoReply.paymentRequired(required: send.creditsRequired, available: available)
        case .inserted(let stored, let remaining):
            return .json(
                201,
                Self.sendBody(
                    message: send.state == .scheduled ? "Message scheduled" : "Message sent", messageID: .string(send.id),
                    used: send.creditsRequired, required: send.creditsRequired, remaining: remaining ?? 0, missing: 0,
                    recipients: stored.count, smsCount: send.smsCount, duplicates: duplicates,
                    stops: stops + stopped.count))
        }
    }

    /// A send's answer fields [G], in Conexteo's order.
    static func sendBody(
        message: String, messageID: JSONValue, used: Int, required: Int, remaining: Int, missing: Int, recipients: Int,
        smsCount: Int, duplicates: Int, stops: Int
    ) -> JSONValue {
        .object([
            "success": .bool(true), "message": .string(message), "message_id": messageID, "credits_used": .int(used),
            "credits_required": .int(required), "credits_remaining": .int(remaining), "credits_missing": .int(missing),
            "recipients_count": .int(recipients), "sms_count": .int(smsCount), "doublons": .int(duplicates),
            "stops": .int(stops),
        ])
    }

    /// The `resumeBefore=true` answer: what the send would cost, nothing stored or debited.
    private func summary(_ parsed: ConexteoSend, smsCount: Int) async -> Response {
        let balance: Int
        do throws(StorageError) {
            balance = try await store.sandboxCredits(account: Self.account, startingBalance: Self.startingCredits)
        } catch {
            return ConexteoReply.storeFailed(error.message)
        }
        return .json(
            200,
            Self.sendBody(
                message: "Summary", messageID: .null, used: 0, required: smsCount, remaining: balance,
                missing: max(0, smsCount - balance), recipients: parsed.messages.count, smsCount: smsCount,
                duplicates: parsed.duplicates, stops: 0))
    }
}
