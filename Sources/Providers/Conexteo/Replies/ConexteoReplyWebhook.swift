import Crypto
import Foundation

/// The receiving side of Conexteo's reply webhook ("Webhook > Réponses > POST" in its UI).
/// The body is `{"data": [reply…]}` or one flat reply [V: the n8n trigger accepts both]; each
/// reply is read like a polled one (``ConexteoInboundReply``), under the same lenient names.
/// Conexteo signs nothing, so the URL carries a secret token instead (checked by the server).
public enum ConexteoReplyWebhook {
    /// What a webhook body held.
    public struct Batch: Sendable {
        /// The replies that could be read.
        public var replies: [ConexteoInboundReply]
        /// Why each other item could not be (`reply #2: …`); they are skipped, not retried.
        public var skipped: [String]
    }

    /// The replies in `body`. A reply without an id gets one derived from its sender, text and
    /// time, so a webhook delivered twice is still stored once. An item that cannot be read is
    /// skipped with its reason, so one bad item does not lose the others.
    ///
    /// Error code `invalid_webhook` (never retryable): not JSON, or no reply in it.
    public static func replies(body: [UInt8]) throws(ProviderError) -> Batch {
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: Data(body))
        } catch {
            throw invalid("the body is not JSON (\(body.count) bytes)")
        }
        let items: [Any]
        if let envelope = object as? [String: Any], let data = envelope["data"] {
            guard let array = data as? [Any] else { throw invalid("`data` is not an array of replies") }
            items = array
        } else if let array = object as? [Any] {
            items = array
        } else if object is [String: Any] {
            items = [object]
        } else {
            throw invalid("expected {\"data\": [reply…]} or one reply object")
        }
        guard !items.isEmpty else { throw invalid("`data` holds no reply") }
        var batch = Batch(replies: [], skipped: [])
        for (index, item) in items.enumerated() {
            guard var fields = item as? [String: Any] else {
                batch.skipped.append("reply #\(index + 1) is not an object")
                continue
            }
            if fields["id"] == nil && fields["reply_id"] == nil { fields["id"] = derivedID(fields) }
            do {
                let data = try JSONSerialization.data(withJSONObject: fields)
                let reply = try JSONDecoder().decode(ConexteoInboundReply.self, from: data)
                guard reply.from != nil else {
                    batch.skipped.append("reply #\(index + 1) has no sender (`from` or `recipient`)")
                    continue
                }
                batch.replies.append(reply)
            } catch {
                batch.skipped.append("reply #\(index + 1) has no `content`")
            }
        }
        return batch
    }

    /// An id from the sender, text and time, for a reply that came without one.
    static func derivedID(_ fields: [String: Any]) -> String {
        let parts = ["recipient", "from", "phone", "number", "content", "message", "created_at", "date", "received_at"]
            .map { fields[$0].map { "\($0)" } ?? "" }
        let digest = SHA256.hash(data: Data(parts.joined(separator: "\n").utf8))
        return "wh_" + digest.prefix(12).map { String(format: "%02x", $0) }.joined()
    }

    static func invalid(_ what: String) -> ProviderError {
        ProviderError(
            code: "invalid_webhook", message: "not a Conexteo reply webhook: \(what)", provider: "conexteo",
            operation: "reply_webhook")
    }
}
