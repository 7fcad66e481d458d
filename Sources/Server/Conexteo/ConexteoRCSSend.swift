import SMSCore

/// A Conexteo RCS send (`POST /messages/rcs`) read from its JSON: `type`, `contacts:
/// [{recipient}]`, `data`, `fallback: {content, sender?}` [V: n8n], `external_id` [I].
struct ConexteoRCSSend: Sendable {
    var payload: ConexteoRCSPayload
    /// Distinct recipients, in the order given.
    var recipients: [PhoneNumber]
    /// Contacts given more than once, sent once.
    var duplicates: Int
    /// The SMS for handsets without RCS.
    var fallbackContent: String?
    /// The fallback's sender, validated.
    var fallbackSender: SenderID?
    var externalID: String?

    /// Reads and checks the body; every problem at once.
    init(_ json: JSONValue?) throws(ConexteoSend.Invalid) {
        var problems: [String] = []
        let payload = ConexteoRCSPayload.send(type: json?["type"], data: json?["data"], problems: &problems)
        var numbers: [PhoneNumber] = []
        if let contacts = json?["contacts"]?.array, !contacts.isEmpty {
            for (index, contact) in contacts.enumerated() {
                guard let text = contact["recipient"]?.string else {
                    problems.append("contacts.\(index) must be an object {recipient} with the number as a string")
                    continue
                }
                do throws(SMSCoreError) {
                    numbers.append(try PhoneNumber.parse(text, region: "FR"))
                } catch {
                    problems.append("contacts.\(index).recipient: \(error.message)")
                }
            }
        } else {
            problems.append("contacts must contain at least 1 elements")
        }
        if let field = json?["fallback"], field != .null {
            if case .object = field {
                fallbackContent = ConexteoRCSPayload.checkText(field["content"], at: "fallback.content", problems: &problems)
                if let sender = field["sender"], sender != .null {
                    do throws(SMSCoreError) {
                        guard let text = sender.string else {
                            throw SMSCoreError(code: .invalidSender, message: "must be a string (got \(sender.excerpt))")
                        }
                        fallbackSender = try SenderID.parse(text)
                    } catch {
                        problems.append("fallback.sender: \(error.message)")
                    }
                }
            } else {
                problems.append("fallback must be an object {content, sender}")
            }
        }
        if let field = json?["external_id"], field != .null {
            if let text = field.string { externalID = text } else { problems.append("external_id must be a string") }
        }
        if let key = externalID, key.isEmpty || key.utf8.count > OutboundMessage.maxExternalIDLength {
            problems.append("external_id must be 1 to \(OutboundMessage.maxExternalIDLength) bytes")
        }
        var seen = Set<String>()
        recipients = numbers.filter { seen.insert($0.e164).inserted }
        duplicates = numbers.count - recipients.count
        guard problems.isEmpty, let payload else { throw ConexteoSend.Invalid(messages: problems) }
        self.payload = payload
    }
}
