import Foundation
import LuaKit
import Providers
import SMSCore
import Storage

extension Bindings {
    static let rcsFields: Set<String> = ["to", "text", "card", "carousel", "fallback", "external_id", "class"]

    /// `rcs.send{to=, text= | card= | carousel=, fallback=, external_id=, class=}`: an RCS message
    /// through the same outbox, dedup, stop list and send window as `sms.send`. A provider
    /// without RCS (Conerix) answers `nil, err` with code `not_supported`, so a script can fall
    /// back to `sms.send`; a malformed card raises.
    func rcsFunctions() -> [String: LuaFunction] {
        let services = self.services
        let region = self.region
        return [
            "send": LuaFunction { call in
                let spec = try call.table(1)
                try Bindings.checkFields(spec, call: call, allowed: Bindings.rcsFields)
                guard let to = try Bindings.text(spec, "to", call: call, example: "\"+33612345678\"") else {
                    throw call.argumentError(1, "field 'to' is missing: give the recipient such as \"+33612345678\"")
                }
                let content = try Bindings.rcsContent(spec, call: call)
                let fallback = try Bindings.rcsFallback(spec["fallback"], call: call, region: region)
                let externalID = try Bindings.text(spec, "external_id", call: call, example: "\"order-42\"")
                let sendClass = try Bindings.sendClass(spec, call: call, default: .transactional)
                let (key, origin) = Bindings.dedupKey(explicit: externalID)
                guard services.provider is any RCSProvider else {
                    return call.fail(
                        code: "not_supported",
                        message: "\(services.provider.name) does not send RCS: use sms.send, or the conexteo provider",
                        extra: ["retryable": false])
                }
                let recipient: PhoneNumber
                do throws(SMSCoreError) {
                    recipient = try OutboundMessage.recipient(to, region: region)  // E.164, as sms.send
                } catch {
                    return call.fail(code: error.code.rawValue, message: error.message, extra: ["retryable": false])
                }
                let message = RCSMessage(to: recipient.e164, content: content, fallback: fallback)
                return try call.suspend {
                    let outcome: SendOutcome
                    do throws(EngineError) {
                        outcome = try await services.dispatcher.submitRCS(
                            message, recipient: recipient, sendClass: sendClass, dedupKey: key, origin: origin)
                    } catch {
                        throw LuaFailure(code: error.code, message: error.message, extra: ["retryable": .boolean(false)])
                    }
                    return [try Bindings.messageValue(outcome)]
                }
            }
        ]
    }

    /// Exactly one of `text`, `card`, `carousel`.
    static func rcsContent(_ spec: LuaTable, call: LuaCall) throws -> ConexteoRCSContent {
        let given = ["text", "card", "carousel"].filter { spec[$0] != .nil }
        guard given.count == 1 else {
            throw call.argumentError(
                1, given.isEmpty
                    ? "give the content: text = \"...\", card = {media = ..., title = ...} or carousel = {card, card, ...}"
                    : "give only one of text, card and carousel, not \(given.joined(separator: " and "))")
        }
        switch given[0] {
        case "text":
            let text = try Bindings.text(spec, "text", call: call, example: "\"Votre colis arrive\"")!
            guard !text.isEmpty, text.count <= 2000 else {
                throw call.argumentError(1, "field 'text' must hold 1 to 2,000 characters, got \(text.count)")
            }
            return .text(text)
        case "card":
            guard case .table(let card) = spec["card"] else {
                throw call.argumentError(1, "field 'card' must be a table such as {media = \"https://…/photo.jpg\", title = \"…\"}")
            }
            return .card(try rcsCard(card, label: "card", call: call))
        default:
            guard case .table(let carousel) = spec["carousel"], carousel.fields.isEmpty, (2...10).contains(carousel.array.count)
            else {
                throw call.argumentError(1, "field 'carousel' must be a list of 2 to 10 cards")
            }
            return .carousel(
                try carousel.array.enumerated().map { (i, value) in
                    guard case .table(let card) = value else {
                        throw call.argumentError(1, "carousel[\(i + 1)] must be a card table, got \(value.typeName)")
                    }
                    return try rcsCard(card, label: "carousel[\(i + 1)]", call: call)
                })
        }
    }

    static func rcsCard(_ card: LuaTable, label: String, call: LuaCall) throws -> ConexteoRCSCard {
        for key in card.fields.keys where !["media", "title", "description", "buttons"].contains(key.stringValue ?? "") {
            throw call.argumentError(
                1, "\(label): unknown field '\(key.stringValue ?? key.typeName)'; fields are media, title, description, buttons")
        }
        guard let media = card["media"].stringValue, Bindings.isWebURL(media) else {
            throw call.argumentError(1, "\(label): 'media' must be the http(s) URL of a picture or video")
        }
        let title = card["title"].stringValue
        let description = card["description"].stringValue
        guard title != nil || description != nil else {
            throw call.argumentError(1, "\(label): give a title or a description")
        }
        var buttons: [ConexteoRCSButton] = []
        switch card["buttons"] {
        case .nil: break
        case .table(let list) where list.fields.isEmpty && list.array.count <= 4:
            for (i, value) in list.array.enumerated() {
                let where_ = "\(label).buttons[\(i + 1)]"
                guard case .table(let button) = value, let buttonTitle = button["title"].stringValue, !buttonTitle.isEmpty
                else {
                    throw call.argumentError(1, "\(where_) must be {type = \"url\", title = \"…\", url = \"https://…\"} or {type = \"call\", title = \"…\", phone = \"+33…\"}")
                }
                switch button["type"].stringValue {
                case "url":
                    guard let url = button["url"].stringValue, Bindings.isWebURL(url) else {
                        throw call.argumentError(1, "\(where_): 'url' must be an http(s) URL")
                    }
                    buttons.append(.url(title: buttonTitle, url: url))
                case "call":
                    guard let text = button["phone"].stringValue, let number = try? PhoneNumber.parse(text) else {
                        throw call.argumentError(1, "\(where_): 'phone' must be a phone number such as \"+33123456789\"")
                    }
                    buttons.append(.call(title: buttonTitle, phoneNumber: number))
                default:
                    throw call.argumentError(1, "\(where_): 'type' must be \"url\" or \"call\"")
                }
            }
        default:
            throw call.argumentError(1, "\(label): 'buttons' must be a list of at most 4 buttons")
        }
        return ConexteoRCSCard(mediaURL: media, title: title, description: description, buttons: buttons)
    }

    /// `fallback = "text"` or `{body = "text", from = "ACME"}`: the SMS for handsets without RCS.
    static func rcsFallback(_ value: LuaValue, call: LuaCall, region: String) throws -> ConexteoRCSFallback? {
        let body: String
        var from: String?
        switch value {
        case .nil: return nil
        case .string(let s):
            guard let text = s.validText else { throw call.argumentError(1, "field 'fallback' is not valid UTF-8") }
            body = text
        case .table(let t):
            guard let text = t["body"].stringValue else {
                throw call.argumentError(1, "field 'fallback' must be a text or {body = \"…\", from = \"ACME\"}")
            }
            body = text
            from = t["from"].stringValue
        default:
            throw call.argumentError(1, "field 'fallback' must be a text or {body = \"…\", from = \"ACME\"}, got \(value.typeName)")
        }
        // The fallback is an SMS: checked like one (length, sender).
        do throws(SMSCoreError) {
            _ = try OutboundMessage.content(body: body, from: from)
        } catch {
            throw call.argumentError(1, "the fallback SMS: \(error.message)")
        }
        return ConexteoRCSFallback(content: body, sender: from)
    }

    static func isWebURL(_ text: String) -> Bool {
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), url.host != nil else { return false }
        return scheme == "https" || scheme == "http"
    }
}
