import Foundation
import SMSCore

/// A send to contact lists read from its JSON: `content`, `sender`, `contactlist` (list ids),
/// `external_id` [G: MindCloud; the legacy path's `contactlist: [id]` is V]; `scheduleAt`,
/// `shorturl`, `scheduledate` and `scheduletime` are accepted and ignored (the sandbox sends at once).
struct ConexteoListSend: Sendable {
    /// The body, checked and segmented once for every recipient.
    var content: OutboundMessage.Content
    /// The lists, in the order given, each once.
    var listIDs: [Int64]
    /// The caller's dedup key.
    var externalID: String?

    init(_ json: JSONValue?) throws(ConexteoSend.Invalid) {
        guard case .object = json else {
            throw ConexteoSend.Invalid(messages: ["the request body must be a JSON object with content and contactlist"])
        }
        var problems: [String] = []
        let text = json?["content"]?.string
        if text == nil || text?.allSatisfy(\.isWhitespace) == true { problems.append("content should not be empty") }
        var sender: String?
        if let field = json?["sender"], field != .null {
            if let value = field.string { sender = value } else { problems.append("sender must be a string") }
        }
        if let field = json?["external_id"], field != .null {
            if let value = field.string { externalID = value } else { problems.append("external_id must be a string") }
        }
        var ids: [Int64] = []
        if let entries = json?["contactlist"]?.array, !entries.isEmpty {
            for (index, entry) in entries.enumerated() {
                switch ConexteoAPI.listID(entry, field: "contactlist.\(index)") {
                case .success(let id): if !ids.contains(id) { ids.append(id) }
                case .failure(let error): problems += error.messages
                }
            }
        } else {
            problems.append("contactlist must contain at least 1 elements")
        }
        listIDs = ids
        guard problems.isEmpty, let text else { throw ConexteoSend.Invalid(messages: problems) }
        do throws(SMSCoreError) {
            content = try OutboundMessage.content(body: text, from: sender)
        } catch {
            throw ConexteoSend.Invalid(messages: [error.message])
        }
    }
}
