import Foundation
import SMSCore

/// An RCS message checked the way the sandbox expects Conexteo to check it: `type` (`text`,
/// `card`, `carousel`) and its data — `{text}`, a card `{media_message_url, title?, description?,
/// choices?}`, `{cards: [card…]}` [V: the n8n node]. The limits are the usual RCS ones, as
/// Conexteo publishes none [I]: a card needs its media, 2 to 10 cards in a carousel, at most 4
/// buttons per card, a `url` button opens an http(s) URL, a `call` button dials an E.164 number.
struct ConexteoRCSPayload: Sendable {
    /// `text`, `card` or `carousel`.
    var type: String
    /// The text of a text message.
    var text: String?
    /// The card of a card message, in canonical JSON (known fields only).
    var card: JSONValue?
    /// The cards of a carousel, in canonical JSON.
    var cards: [JSONValue]?

    static let types = ["text", "card", "carousel"]
    static let maxButtons = 4
    static let cardsPerCarousel = 2...10

    /// The send's `data` (`{text}`, the card, or `{cards}`).
    var data: JSONValue {
        switch type {
        case "text": .object(["text": .string(text ?? "")])
        case "card": card ?? .null
        default: .object(["cards": .array(cards ?? [])])
        }
    }

    /// A line of text standing for the message where a plain body is needed (the sandbox's
    /// message rows, the history's `content`).
    var summary: String {
        switch type {
        case "text": return text ?? ""
        case "card": return Self.summary(of: card)
        default: return (cards ?? []).map { Self.summary(of: $0) }.joined(separator: " | ")
        }
    }

    private static func summary(of card: JSONValue?) -> String {
        let parts = [card?["title"]?.string, card?["description"]?.string].compactMap { $0 }
        return parts.isEmpty ? (card?["media_message_url"]?.string ?? "") : parts.joined(separator: " — ")
    }

    /// Reads a send's `type` and `data`, adding a message to `problems` for each fault.
    static func send(type field: JSONValue?, data: JSONValue?, problems: inout [String]) -> ConexteoRCSPayload? {
        guard let type = checkType(field, name: "type", problems: &problems) else { return nil }
        switch type {
        case "text":
            return checkText(data?["text"], at: "data.text", problems: &problems).map { .init(type: type, text: $0) }
        case "card":
            return checkCard(data, at: "data", problems: &problems).map { .init(type: type, card: $0) }
        default:
            return checkCards(data?["cards"], at: "data.cards", problems: &problems).map { .init(type: type, cards: $0) }
        }
    }

    /// `type` (or `rcs_type`) as one of ``types``.
    static func checkType(_ field: JSONValue?, name: String, problems: inout [String]) -> String? {
        guard let type = field?.string, types.contains(type) else {
            problems.append("\(name) must be one of text, card, carousel (got \(field?.excerpt ?? "nothing"))")
            return nil
        }
        return type
    }

    /// A non-empty text.
    static func checkText(_ field: JSONValue?, at path: String, problems: inout [String]) -> String? {
        guard let text = field?.string, !text.allSatisfy(\.isWhitespace) else {
            problems.append("\(path) should not be empty (got \(field?.excerpt ?? "nothing"))")
            return nil
        }
        return text
    }

    /// A card, returned with only the fields Conexteo knows.
    static func checkCard(_ field: JSONValue?, at path: String, problems: inout [String]) -> JSONValue? {
        guard case .object = field else {
            problems.append("\(path) must be a card object {media_message_url, title, description, choices}")
            return nil
        }
        let before = problems.count
        var card: [JSONValue.Member] = []
        if let url = field?["media_message_url"], url != .null {
            if let text = url.string, isWebURL(text) {
                card.append(.init(key: "media_message_url", value: .string(text)))
            } else {
                problems.append("\(path).media_message_url must be an http or https URL (got \(url.excerpt))")
            }
        } else {
            problems.append("\(path).media_message_url is required: a card shows a picture or a video")
        }
        for key in ["title", "description"] {
            guard let value = field?[key], value != .null else { continue }
            if let text = value.string {
                card.append(.init(key: key, value: .string(text)))
            } else {
                problems.append("\(path).\(key) must be a string (got \(value.excerpt))")
            }
        }
        if let choices = field?["choices"], choices != .null {
            if let list = choices.array {
                if list.count > maxButtons {
                    problems.append("\(path).choices has \(list.count) buttons; a card takes at most \(maxButtons)")
                }
                let buttons = list.enumerated().compactMap { index, button in
                    checkButton(button, at: "\(path).choices.\(index)", problems: &problems)
                }
                if !buttons.isEmpty { card.append(.init(key: "choices", value: .array(buttons))) }
            } else {
                problems.append("\(path).choices must be an array of buttons")
            }
        }
        return problems.count == before ? .object(card) : nil
    }

    /// A carousel's cards: 2 to 10 valid cards.
    static func checkCards(_ field: JSONValue?, at path: String, problems: inout [String]) -> [JSONValue]? {
        guard let list = field?.array else {
            problems.append("\(path) must be an array of \(cardsPerCarousel.lowerBound) to \(cardsPerCarousel.upperBound) cards")
            return nil
        }
        let before = problems.count
        if !cardsPerCarousel.contains(list.count) {
            problems.append(
                "\(path) has \(list.count) card(s); a carousel takes \(cardsPerCarousel.lowerBound) to "
                    + "\(cardsPerCarousel.upperBound) (send one card as type card)")
        }
        let cards = list.enumerated().compactMap { index, card in
            checkCard(card, at: "\(path).\(index)", problems: &problems)
        }
        return problems.count == before ? cards : nil
    }

    /// A button: `{type: "url", title, url}` or `{type: "call", title, phoneNumber}` [V].
    static func checkButton(_ field: JSONValue, at path: String, problems: inout [String]) -> JSONValue? {
        let type = field["type"]?.string
        guard let title = field["title"]?.string, !title.allSatisfy(\.isWhitespace) else {
            problems.append("\(path).title should not be empty (got \(field["title"]?.excerpt ?? "nothing"))")
            return nil
        }
        switch type {
        case "url":
            guard let url = field["url"]?.string, isWebURL(url) else {
                problems.append("\(path).url must be an http or https URL (got \(field["url"]?.excerpt ?? "nothing"))")
                return nil
            }
            return .object(["type": .string("url"), "title": .string(title), "url": .string(url)])
        case "call":
            guard let text = field["phoneNumber"]?.string else {
                problems.append("\(path).phoneNumber must be an E.164 number such as +33612345678 (got nothing)")
                return nil
            }
            do throws(SMSCoreError) {
                let number = try OutboundMessage.recipient(text, region: "FR")
                return .object(["type": .string("call"), "title": .string(title), "phoneNumber": .string(number.e164)])
            } catch {
                problems.append("\(path).phoneNumber: \(error.message)")
                return nil
            }
        default:
            problems.append("\(path).type must be url or call (got \(field["type"]?.excerpt ?? "nothing"))")
            return nil
        }
    }

    /// True for an absolute http or https URL with a host.
    static func isWebURL(_ text: String) -> Bool {
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), let host = url.host else { return false }
        return (scheme == "http" || scheme == "https") && !host.isEmpty
    }
}
