import Foundation
import Hummingbird
import SMSCore
import Storage
import SandboxStore

extension ConexteoAPI {
    /// Adds `GET /messages/replies` (paginated) and `GET /messages/replies/extract` (everything),
    /// both newest first, read from the sandbox's replies (`POST /_sandbox/replies` injects one).
    func addReplyRoutes(to group: RouterGroup<SandboxRequestContext>) {
        group.get("messages/replies") { request, _ in await authorized(request) { await replies($0) } }
        group.get("messages/replies/extract") { request, _ in await authorized(request) { _ in await extract() } }
    }

    private func replies(_ request: Request) async -> Response {
        let pagination: ConexteoPagination
        do throws(ConexteoSend.Invalid) {
            pagination = try ConexteoPagination(request)
        } catch {
            return ConexteoReply.badRequest(error.messages)
        }
        do throws(StorageError) {
            let (replies, total) = try await store.sandboxRepliesNewestFirst(
                offset: pagination.offset, limit: pagination.limit)
            return .json(200, pagination.body(replies.map(Self.replyRow), total: total))
        } catch {
            return ConexteoReply.storeFailed(error.message)
        }
    }

    private func extract() async -> Response {
        do throws(StorageError) {
            return .json(200, .array(try await store.sandboxReplies().reversed().map(Self.replyRow)))
        } catch {
            return ConexteoReply.storeFailed(error.message)
        }
    }

    /// A reply row [I: the schemas `Reponses` / `RepliesHistoryRo` are not public]: `{id,
    /// recipient (who replied), content, sender (who was replied to), message_id, created_at}`.
    static func replyRow(_ reply: SandboxReply) -> JSONValue {
        .object([
            "id": .string(reply.id), "recipient": .string(reply.from), "content": .string(reply.body),
            "sender": .string(reply.to), "message_id": reply.inReplyTo.map(JSONValue.string) ?? .null,
            "created_at": .string(ConexteoSchedule.iso(reply.receivedAt)),
        ])
    }
}
