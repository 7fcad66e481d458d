import SMSCore
import Storage
import SandboxStore

/// A contact's fields read from JSON (`POST /contacts`, `PUT /contacts/:id`) or a CSV row, and
/// checked: `tel` must be a number SMSCore can read (national numbers are French), every
/// `champ_*` a string (a number is taken as its text: `champ_cp: 75001`).
struct ConexteoContactInput: Sendable {
    /// The number in E.164, when given.
    var tel: String?
    /// Fields given: a value to set, or nil to clear (JSON `null`, an empty CSV cell).
    var fields: [String: String?]

    /// Reads a contact object; `path` prefixes every message (`contacts.2`).
    init(json: JSONValue, path: String, requireTel: Bool) throws(ConexteoSend.Invalid) {
        guard case .object(let members) = json else {
            throw ConexteoSend.Invalid(messages: ["\(path) must be an object with tel and champ_* fields"])
        }
        var problems: [String] = []
        var fields: [String: String?] = [:]
        var telText: String?
        for member in members {
            let text: String?
            switch member.value {
            case .string(let value): text = value
            case .int(let value): text = String(value)
            case .double(let value): text = String(value)
            case .null: text = nil
            default:
                problems.append("\(path).\(member.key) must be a string")
                continue
            }
            if member.key == "tel" {
                telText = text
            } else if SandboxConexteoContact.fieldNames.contains(member.key) {
                // An empty string clears the field, like null.
                fields[member.key] = .some(text.flatMap { $0.isEmpty ? nil : $0 })
            }
            // Other keys (id, contactlist_id, anything else) are ignored, as a whitelisting
            // ValidationPipe would strip them [I].
        }
        self.fields = fields
        tel = nil
        if let telText {
            do throws(SMSCoreError) {
                tel = try PhoneNumber.parse(telText, region: "FR").e164
            } catch {
                problems.append("\(path).tel: \(error.message)")
            }
        } else if requireTel {
            problems.append("\(path).tel should not be empty")
        }
        if !problems.isEmpty { throw ConexteoSend.Invalid(messages: problems) }
    }

    /// The fields to store for a new contact (clears dropped).
    var setFields: [String: String] { fields.compactMapValues { $0 } }

    /// `contact` with these fields applied: given ones set or cleared, others unchanged.
    func applied(to contact: SandboxConexteoContact) -> SandboxConexteoContact {
        var updated = contact
        if let tel { updated.tel = tel }
        for (name, value) in fields { updated.fields[name] = value }
        return updated
    }
}
