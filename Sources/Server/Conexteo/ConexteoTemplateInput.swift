import SMSCore
import Storage
import SandboxStore

/// The body of `POST /models` (`{name, content, sender}`, all required [G: MindCloud]) or
/// `PUT /models/:id` (any of them [I]), checked.
struct ConexteoTemplateInput: Sendable {
    var name: String?
    var content: String?
    var sender: String?

    /// Reads and checks the body; `creating` requires every field.
    init(_ json: JSONValue?, creating: Bool) throws(ConexteoSend.Invalid) {
        var problems: [String] = []
        name = Self.field(json, "name", required: creating, problems: &problems)
        content = Self.field(json, "content", required: creating, problems: &problems)
        sender = Self.field(json, "sender", required: creating, problems: &problems)
        if let content {
            do throws(SMSCoreError) {
                _ = try OutboundMessage.content(body: content)
            } catch {
                problems.append("content: \(error.message)")
            }
        }
        if let sender {
            do throws(SMSCoreError) {
                self.sender = try SenderID.parse(sender).value
            } catch {
                problems.append("sender: \(error.message)")
            }
        }
        if !creating, problems.isEmpty, name == nil, content == nil, sender == nil {
            problems.append("give at least one of name, content, sender to change")
        }
        if !problems.isEmpty { throw ConexteoSend.Invalid(messages: problems) }
    }

    /// A non-empty string field; nil when absent and not required.
    private static func field(_ json: JSONValue?, _ key: String, required: Bool, problems: inout [String]) -> String? {
        guard let value = json?[key], value != .null else {
            if required { problems.append("\(key) should not be empty") }
            return nil
        }
        guard let text = value.string, !text.allSatisfy(\.isWhitespace) else {
            problems.append("\(key) must be a non-empty string (got \(value.excerpt))")
            return nil
        }
        return text
    }

    /// Writes the fields given into `template`.
    func apply(to template: inout SandboxConexteoTemplate) {
        if let name { template.name = name }
        if let content { template.content = content }
        if let sender { template.sender = sender }
    }
}
