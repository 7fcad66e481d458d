import Foundation
import SMSCore

/// A Conexteo SMS send (manual, legacy or dynamic) read from its JSON and validated the way
/// SMSCore validates every send.
struct ConexteoSend: Sendable {
    /// Every validation message, NestJS-style: all problems at once.
    struct Invalid: Error, Sendable {
        var messages: [String]
    }

    /// How `recipients` is written.
    enum Recipients: Sendable {
        /// Strings, national or E.164 [V] (manual and legacy sends).
        case numbers
        /// Objects `{recipient, <variable>: value…}` [G], whose variables fill in the content's
        /// `#name#` [I] (dynamic send).
        case dynamic
    }

    /// The content as submitted (a dynamic send's template).
    var content: String
    /// One message per distinct recipient, in the order given (a dynamic send's filled in).
    var messages: [OutboundMessage]
    /// The caller's dedup key.
    var externalID: String?
    /// Recipients given more than once (Conexteo's `doublons`), sent once.
    var duplicates: Int
    /// When to send; nil for now.
    var scheduleAt: Date?
    /// `shorturl.mode` and `shorturl.url` [G], kept for the history.
    var shortURLMode: String?
    var shortURL: String?

    /// Reads `content`, `recipients`, `sender`, `external_id`, `scheduleAt` (UTC ISO 8601) or the
    /// legacy `scheduledate` + `scheduletime`, and `shorturl: {mode, url}`.
    init(_ json: JSONValue?, recipients kind: Recipients = .numbers) throws(Invalid) {
        var problems: [String] = []
        let content = json?["content"]?.string
        if content == nil || content?.allSatisfy(\.isWhitespace) == true {
            problems.append("content should not be empty")
        }
        self.content = content ?? ""
        var sender: String?
        if let field = json?["sender"], field != .null {
            if let text = field.string { sender = text } else { problems.append("sender must be a string") }
        }
        if let field = json?["external_id"], field != .null {
            if let text = field.string { externalID = text } else { problems.append("external_id must be a string") }
        }
        scheduleAt = Self.schedule(json, problems: &problems)
        if let field = json?["shorturl"], field != .null {
            if case .object = field {
                shortURLMode = field["mode"]?.string ?? field["mode"]?.int.map(String.init)
                shortURL = field["url"]?.string
            } else {
                problems.append("shorturl must be an object {mode, url}")
            }
        }
        var recipients: [(number: PhoneNumber, variables: [String: String])] = []
        if let list = json?["recipients"]?.array, !list.isEmpty {
            for (index, entry) in list.enumerated() {
                if let parsed = Self.recipient(entry, at: index, kind: kind, problems: &problems) {
                    recipients.append(parsed)
                }
            }
        } else {
            problems.append("recipients must contain at least 1 elements")
        }
        var seen = Set<String>()
        let unique = recipients.filter { seen.insert($0.number.e164).inserted }
        duplicates = recipients.count - unique.count
        messages = []
        guard problems.isEmpty, let content else { throw Invalid(messages: problems) }
        switch kind {
        case .numbers:
            do throws(SMSCoreError) {
                // The body is checked and segmented once for every recipient.
                let checked = try OutboundMessage.content(body: content, from: sender)
                messages = try unique.map { (recipient) throws(SMSCoreError) in
                    try OutboundMessage(to: recipient.number, content: checked, externalID: externalID)
                }
            } catch {
                throw Invalid(messages: [error.message])
            }
        case .dynamic:
            for (index, recipient) in unique.enumerated() {
                let (text, missing) = ConexteoContentVariables.render(content, with: recipient.variables)
                if !missing.isEmpty {
                    let used: String = missing.map { "#\($0)#" }.joined(separator: ", ")
                    let properties: String = missing.map { "\"\($0)\"" }.joined(separator: ", ")
                    problems.append(
                        "recipients.\(index) (\(recipient.number.e164)): content uses \(used) but the recipient "
                            + "has no \(properties) property: add it, or remove the variable from content")
                    continue
                }
                do throws(SMSCoreError) {
                    let checked = try OutboundMessage.content(body: text, from: sender)
                    messages.append(try OutboundMessage(to: recipient.number, content: checked, externalID: externalID))
                } catch where error.code == .invalidExternalID {
                    problems.append(error.message)  // the send's, not this recipient's: said once
                    break
                } catch {
                    problems.append("recipients.\(index) (\(recipient.number.e164)): \(error.message)")
                }
            }
            if !problems.isEmpty { throw Invalid(messages: problems) }
        }
    }

    /// One entry of `recipients`: a number, or (dynamic) an object with `recipient` and variables.
    private static func recipient(
        _ entry: JSONValue, at index: Int, kind: Recipients, problems: inout [String]
    ) -> (number: PhoneNumber, variables: [String: String])? {
        let text: String
        var variables: [String: String] = [:]
        switch kind {
        case .numbers:
            guard let string = entry.string else {
                problems.append("recipients.\(index) must be a string")
                return nil
            }
            text = string
        case .dynamic:
            guard case .object(let members) = entry, let string = entry["recipient"]?.string else {
                problems.append("recipients.\(index) must be an object with a recipient string and its variables")
                return nil
            }
            text = string
            for member in members where member.key != "recipient" {
                switch member.value {
                case .string(let value): variables[member.key] = value
                case .int(let value): variables[member.key] = String(value)
                case .double(let value): variables[member.key] = String(value)
                case .bool(let value): variables[member.key] = String(value)
                case .null: break
                default: problems.append("recipients.\(index).\(member.key) must be a string (got an object or array)")
                }
            }
        }
        do throws(SMSCoreError) {
            return (try PhoneNumber.parse(text, region: "FR"), variables)
        } catch {
            problems.append("recipients.\(index): \(error.message)")
            return nil
        }
    }

    /// `scheduleAt` (UTC ISO 8601), else the legacy `scheduledate` + `scheduletime`; nil for now.
    private static func schedule(_ json: JSONValue?, problems: inout [String]) -> Date? {
        if let field = json?["scheduleAt"], field != .null {
            guard let text = field.string, let date = ConexteoSchedule.parseISO(text) else {
                problems.append("scheduleAt must be a UTC ISO 8601 date such as 2026-09-21T10:00:00Z (got \(field.excerpt))")
                return nil
            }
            return date
        }
        guard let field = json?["scheduledate"], field != .null else { return nil }
        let time = json?["scheduletime"]
        guard let date = field.string, time == nil || time == .null || time?.string != nil,
            let parsed = ConexteoSchedule.parseLegacy(date: date, time: time?.string)
        else {
            problems.append(
                "scheduledate and scheduletime must be YYYY-MM-DD and HH:MM:SS (got \(field.excerpt) "
                    + "and \(time?.excerpt ?? "none"))")
            return nil
        }
        return parsed
    }
}
