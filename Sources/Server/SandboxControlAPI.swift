import Foundation
import Hummingbird
import Providers
import SMSCore
import Storage
import SandboxStore

/// The sandbox's own controls under `/_sandbox`: fault injection, credit balances, and replies
/// from handsets.
struct SandboxControlAPI: Sendable {
    let store: any SandboxStorage
    let faults: FaultQueue
    /// Stamps injected replies.
    let clock: any TimeSource

    /// Controls over `store` and `faults`; `clock` should be the server's, so replies share its time.
    init(store: any SandboxStorage, faults: FaultQueue, clock: any TimeSource = SystemTimeSource()) {
        self.store = store
        self.faults = faults
        self.clock = clock
    }

    /// Adds the routes under `/_sandbox`.
    func addRoutes(to router: Router<SandboxRequestContext>) {
        let group = router.group("_sandbox")
        group.post("faults") { request, _ in await addFault(request) }
        group.get("faults") { _, _ in
            Response.json(200, .object(["faults": .array(faults.pending.map(\.json))]))
        }
        group.delete("faults") { _, _ in
            Response.json(200, .object(["cleared": .int(faults.clear())]))
        }
        group.put("conexteo/credits") { request, _ in await setCredits(request) }
        group.post("replies") { request, _ in await injectReply(request) }
    }

    private func addFault(_ request: Request) async -> Response {
        do {
            // No body is one default fault; a body must be JSON (not silently the default).
            let buffer = try await request.body.collect(upTo: Request.maxBodyBytes)
            var json: JSONValue?
            if buffer.readableBytes > 0 {
                guard let parsed = try? JSONDecoder().decode(JSONValue.self, from: Data(buffer.readableBytesView)) else {
                    let text = String(decoding: buffer.readableBytesView.prefix(40), as: UTF8.self)
                    return Self.error(
                        400,
                        .badFault("the body (\"\(text)\") is not JSON: send an object such as {\"count\": 2, \"status\": 503}, "
                            + "or no body for one 503"))
                }
                json = parsed
            }
            let fault = try SandboxFault.parse(json)
            faults.add(fault)
            return .json(201, .object(["queued": fault.json]))
        } catch let error as SandboxServerError {
            return Self.error(400, error)
        } catch {
            return Self.error(400, .badFault("the body could not be read: \(error)"))
        }
    }

    private func setCredits(_ request: Request) async -> Response {
        var request = request
        guard let credits = (try? await request.jsonBody())?["credits"]?.int, credits >= 0 else {
            return Self.error(
                400, SandboxServerError(code: "bad_credits", message: "send {\"credits\": N} with N a whole number ≥ 0"))
        }
        do throws(StorageError) {
            try await store.setSandboxCredits(account: ConexteoAPI.account, balance: credits)
            return .json(200, .object(["credits": .int(credits)]))
        } catch {
            return Self.error(500, SandboxServerError(code: error.code.rawValue, message: error.message))
        }
    }

    /// `POST /_sandbox/replies` with `{"from": "+33612345678", "body": "STOP", "to": "ACME"}`: a
    /// handset answers. `from` is read like any number (national French numbers accepted); `to`
    /// (optional) is the sender answered. The reply points at the latest message sent to `from`
    /// (from `to`, when given), and answers 201 with the stored reply, its `id` and `seq`.
    private func injectReply(_ request: Request) async -> Response {
        var request = request
        let json = try? await request.jsonBody()
        guard case .object = json else {
            return Self.error(400, SandboxServerError(code: "bad_reply", message: Self.replyUsage))
        }
        guard let from = json?["from"]?.string else {
            return Self.error(400, SandboxServerError(code: "bad_reply", message: "from is missing: " + Self.replyUsage))
        }
        let number: PhoneNumber
        do throws(SMSCoreError) {
            number = try PhoneNumber.parse(from, region: "FR")
        } catch {
            return Self.error(400, SandboxServerError(code: "bad_reply", message: "from \"\(from)\": \(error.message)"))
        }
        guard let body = json?["body"]?.string, !body.isEmpty else {
            return Self.error(400, SandboxServerError(code: "bad_reply", message: "body is missing: " + Self.replyUsage))
        }
        if let position = body.nulPosition {
            return Self.error(
                400,
                SandboxServerError(
                    code: "bad_reply",
                    message: "body holds a NUL character (\\u0000) at character \(position): Moonwire stores a reply whole "
                        + "or not at all; remove it"))
        }
        var to: String?
        if let field = json?["to"], field != .null {
            guard let text = field.string, !text.isEmpty else {
                return Self.error(
                    400, SandboxServerError(code: "bad_reply", message: "to must be the sender answered, as a string"))
            }
            to = text
        }
        do throws(StorageError) {
            let reply = try await store.injectSandboxReply(
                from: number.e164, body: body, to: to, receivedAt: clock.now(),
                defaultSender: SandboxProvider.defaultSender)
            return .json(
                201,
                .object([
                    "id": .string(reply.id), "seq": .int(Int(reply.seq ?? 0)), "from": .string(reply.from),
                    "to": .string(reply.to), "body": .string(reply.body),
                    "in_reply_to": reply.inReplyTo.map(JSONValue.string) ?? .null,
                    "received_at": .string(reply.receivedAt.formatted(.iso8601)),
                ]))
        } catch {
            return Self.error(500, SandboxServerError(code: error.code.rawValue, message: error.message))
        }
    }

    private static let replyUsage =
        #"send {"from": "+33612345678", "body": "the reply", "to": "the sender answered (optional)"}"#

    private static func error(_ status: Int, _ error: SandboxServerError) -> Response {
        .json(status, .object(["error": .object(["code": .string(error.code), "message": .string(error.message)])]))
    }
}
