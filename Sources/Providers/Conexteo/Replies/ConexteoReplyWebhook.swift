import Crypto
import Foundation

/// The receiving side of Conexteo's reply webhook ("Webhook > Réponses > POST" in its UI).
/// The body is `{"data": [reply…]}` or one flat reply [V: the n8n trigger accepts both]; only
/// `content` is known for sure, so the other fields are read under a few likely names [I]:
/// sender `from` / `recipient` / `phone` / `number`, id `id` / `reply_id`, time `created_at` /
/// `date` / `received_at`. Conexteo signs nothing, so the URL carries a secret token instead
/// (checked by the server, not here).
public enum ConexteoReplyWebhook {
    /// The replies in `body`. A reply without an id gets one derived from its sender, text and
    /// time, so a webhook delivered twice is still stored once.
    ///
    /// Error code `invalid_webhook` (never retryable): not JSON, no reply in it, a reply without
    /// text or without a sender.
    public static func replies(body: [UInt8]) throws(ProviderError) -> [ConexteoInboundReply] {
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
        var replies: [ConexteoInboundReply] = []
        for (index, item) in items.enumerated() {
            guard let fields = item as? [String: Any] else { throw invalid("reply #\(index + 1) is not an object") }
            replies.append(try reply(fields, index: index))
        }
        return replies
    }

    static func reply(_ fields: [String: Any], index: Int) throws(ProviderError) -> ConexteoInboundReply {
        func text(_ keys: String...) -> String? {
            for key in keys {
                switch fields[key] {
                case let value as String where !value.isEmpty: return value
                case let value as NSNumber: return value.stringValue
                default: continue
                }
            }
            return nil
        }
        guard let content = text("content", "message") else {
            throw invalid("reply #\(index + 1) has no `content`")
        }
        guard let from = text("from", "recipient", "phone", "number") else {
            throw invalid("reply #\(index + 1) has no sender (`from` or `recipient`)")
        }
        let time = text("created_at", "date", "received_at")
        let date = time.flatMap(parseDate)
        let id = text("id", "reply_id") ?? derivedID(from: from, content: content, time: time)
        return ConexteoInboundReply(
            id: id, from: from, content: content, to: text("sender", "to"), messageID: text("message_id", "last_message_id"),
            receivedAt: date)
    }

    /// ISO 8601, `YYYY-MM-DD HH:MM:SS` (UTC), or Unix seconds.
    static func parseDate(_ text: String) -> Date? {
        if let date = try? Date(text, strategy: .iso8601) { return date }
        if let seconds = Double(text), seconds.isFinite { return Date(timeIntervalSince1970: seconds) }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss"
        return formatter.date(from: text)
    }

    static func derivedID(from: String, content: String, time: String?) -> String {
        let digest = SHA256.hash(data: Data("\(from)\n\(content)\n\(time ?? "")".utf8))
        return "wh_" + digest.prefix(12).map { String(format: "%02x", $0) }.joined()
    }

    static func invalid(_ what: String) -> ProviderError {
        ProviderError(
            code: "invalid_webhook", message: "not a Conexteo reply webhook: \(what)", provider: "conexteo",
            operation: "reply_webhook")
    }
}
