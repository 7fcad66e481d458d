import Foundation
import Hummingbird
import SMSCore
import Storage
import SandboxStore

extension ConexteoAPI {
    /// Adds the message routes (history, details, cancel, recipients, replies, RCS, dynamic send,
    /// templates) below `/conexteo`.
    ///
    /// Hummingbird's router prefers a literal path segment to a parameter, so
    /// `/messages/replies` and `/models/rcs` are never read as `/messages/:id` or `/models/:id`.
    func addMessageRoutes(to group: RouterGroup<SandboxRequestContext>) {
        group.post("messages/sms/dynamic") { request, _ in
            await authorized(request) { await send($0, recipients: .dynamic) }
        }
        group.post("messages/rcs") { request, _ in await authorized(request) { await sendRCS($0) } }
        group.get("messages") { request, _ in await authorized(request) { await history($0) } }
        addReplyRoutes(to: group)
        group.get("messages/:id") { request, context in
            await authorized(request) { _ in await details(id: context.parameters.get("id") ?? "") }
        }
        group.put("messages/:id/cancel") { request, context in
            await authorized(request) { _ in await cancel(id: context.parameters.get("id") ?? "") }
        }
        group.get("messages/:id/recipients/sms") { request, context in
            await authorized(request) { await recipients($0, id: context.parameters.get("id") ?? "", channel: .sms) }
        }
        group.get("messages/:id/recipients/rcs") { request, context in
            await authorized(request) { await recipients($0, id: context.parameters.get("id") ?? "", channel: .rcs) }
        }
        addTemplateRoutes(to: group)
    }

    /// `GET /messages`: the sends, newest first, paginated [G].
    private func history(_ request: Request) async -> Response {
        let pagination: ConexteoPagination
        do throws(ConexteoSend.Invalid) {
            pagination = try ConexteoPagination(request)
        } catch {
            return ConexteoReply.badRequest(error.messages)
        }
        do throws(StorageError) {
            let (sends, total) = try await store.sandboxConexteoSends(offset: pagination.offset, limit: pagination.limit)
            let now = clock.now()
            return .json(200, pagination.body(sends.map { $0.historyRow(at: now) }, total: total))
        } catch {
            return ConexteoReply.storeFailed(error.message)
        }
    }

    /// `GET /messages/:id` [I: path and body]: one send.
    private func details(id: String) async -> Response {
        do throws(StorageError) {
            guard let send = try await store.sandboxConexteoSend(id: id) else { return Self.unknownSend(id) }
            return .json(200, send.details(at: clock.now()))
        } catch {
            return ConexteoReply.storeFailed(error.message)
        }
    }

    /// `PUT /messages/:id/cancel` [I: path, answer and refund]: only a send scheduled for later can
    /// be cancelled; its credits go back to the account.
    private func cancel(id: String) async -> Response {
        let now = clock.now()
        let outcome: SandboxConexteoSendCancellation
        do throws(StorageError) {
            outcome = try await store.cancelSandboxConexteoSend(
                id: id, at: now, refundTo: Self.account, startingBalance: Self.startingCredits)
        } catch {
            return ConexteoReply.storeFailed(error.message)
        }
        switch outcome {
        case .notFound:
            return Self.unknownSend(id)
        case .notCancellable(let send) where send.state == .cancelled:
            return ConexteoReply.conflict("Message \(id) is already cancelled")
        case .notCancellable(let send):
            let when = ConexteoSchedule.iso(send.scheduleAt ?? send.createdAt)
            return ConexteoReply.conflict(
                "Message \(id) cannot be cancelled: it was sent at \(when); only a send scheduled in the future can be cancelled")
        case .cancelled(let send, let refunded, let remaining):
            return .json(
                200,
                .object([
                    "success": .bool(true), "message": .string("Message cancelled"), "message_id": .string(send.id),
                    "state": .string(send.state.rawValue), "credits_refunded": .int(refunded),
                    "credits_remaining": .int(remaining),
                ]))
        }
    }

    /// `GET /messages/:id/recipients/sms` and `…/rcs` [I: paths and rows], paginated: the
    /// recipients the send reached on that channel, in the order given.
    private func recipients(_ request: Request, id: String, channel: SandboxConexteoSend.Channel) async -> Response {
        let pagination: ConexteoPagination
        do throws(ConexteoSend.Invalid) {
            pagination = try ConexteoPagination(request)
        } catch {
            return ConexteoReply.badRequest(error.messages)
        }
        do throws(StorageError) {
            guard let send = try await store.sandboxConexteoSend(id: id) else { return Self.unknownSend(id) }
            let (messages, total) = try await store.sandboxConexteoRecipients(
                sendID: id, channel: channel, offset: pagination.offset, limit: pagination.limit)
            let due = send.effectiveState(at: clock.now()) == .sent
            let rows: [JSONValue] = messages.map { message in
                // A scheduled message whose time has come went out with its send.
                let status = message.status == "scheduled" && due ? "accepted" : message.status
                return .object([
                    "id": .string(message.id), "recipient": .string(message.to), "status": .string(status),
                    "content": .string(message.body), "sms_count": .int(message.segments),
                    "created_at": .string(ConexteoSchedule.iso(message.createdAt)),
                ])
            }
            return .json(200, pagination.body(rows, total: total))
        } catch {
            return ConexteoReply.storeFailed(error.message)
        }
    }

    /// The 404 for a send id that names nothing.
    static func unknownSend(_ id: String) -> Response {
        ConexteoReply.unknownID("Message \(id) not found: use a message_id a send answered")
    }
}
