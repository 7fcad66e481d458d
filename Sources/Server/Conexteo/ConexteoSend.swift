import SMSCore

/// A Conexteo manual send read from its JSON and validated the way SMSCore validates every send.
struct ConexteoSend: Sendable {
    /// Every validation message, NestJS-style: all problems at once.
    struct Invalid: Error, Sendable {
        var messages: [String]
    }

    /// One message per distinct recipient, in the order given.
    var messages: [OutboundMessage]
    /// The caller's dedup key.
    var externalID: String?
    /// Recipients given more than once (Conexteo's `doublons`), sent once.
    var duplicates: Int

    /// Reads `content`, `recipients` (national or E.164 [V]), `sender`, `external_id`; accepts
    /// and ignores `scheduleAt`, `shorturl`, `scheduledate`, `scheduletime` (the sandbox sends at once).
    init(_ json: JSONValue?) throws(Invalid) {
        var problems: [String] = []
        let content = json?["content"]?.string
        if content == nil || content?.allSatisfy(\.isWhitespace) == true {
            problems.append("content should not be empty")
        }
        var sender: String?
        if let field = json?["sender"], field != .null {
            if let text = field.string { sender = text } else { problems.append("sender must be a string") }
        }
        if let field = json?["external_id"], field != .null {
            if let text = field.string { externalID = text } else { problems.append("external_id must be a string") }
        }
        var numbers: [PhoneNumber] = []
        if let list = json?["recipients"]?.array, !list.isEmpty {
            for (index, entry) in list.enumerated() {
                guard let text = entry.string else {
                    problems.append("recipients.\(index) must be a string")
                    continue
                }
                do throws(SMSCoreError) {
                    numbers.append(try PhoneNumber.parse(text, region: "FR"))
                } catch {
                    problems.append("recipients.\(index): \(error.message)")
                }
            }
        } else {
            problems.append("recipients must contain at least 1 elements")
        }
        var seen = Set<String>()
        let unique = numbers.filter { seen.insert($0.e164).inserted }
        duplicates = numbers.count - unique.count
        messages = []
        guard problems.isEmpty, let content else { throw Invalid(messages: problems) }
        do throws(SMSCoreError) {
            // The body is checked and segmented once for every recipient.
            let checked = try OutboundMessage.content(body: content, from: sender)
            messages = try unique.map { (number) throws(SMSCoreError) in
                try OutboundMessage(to: number, content: checked, externalID: externalID)
            }
        } catch {
            throw Invalid(messages: [error.message])
        }
    }
}
