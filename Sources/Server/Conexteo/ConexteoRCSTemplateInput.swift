import SMSCore
import Storage
import SandboxStore

/// The body of `POST /models/rcs` or `PUT /models/rcs/:id` [I: only the read shape is public
/// (MindCloud [G])]: `{name, rcs_type, text | card | carousel: {cards}, shorturl?,
/// fallback_content?, fallback_sender?}`, the content checked as an RCS send's. A creation needs
/// `name`, `rcs_type` and its part; an update changes what it gives (`null` clears a fallback field).
struct ConexteoRCSTemplateInput: Sendable {
    var name: String?
    /// The new content, when `rcs_type` was given.
    var payload: ConexteoRCSPayload?
    /// nil: unchanged; `.some(nil)`: cleared.
    var shortURL: String??
    var fallbackContent: String??
    var fallbackSender: String??

    /// Reads and checks the body.
    init(_ json: JSONValue?, creating: Bool) throws(ConexteoSend.Invalid) {
        var problems: [String] = []
        if let value = json?["name"], value != .null {
            if let text = value.string, !text.allSatisfy(\.isWhitespace) {
                name = text
            } else {
                problems.append("name must be a non-empty string (got \(value.excerpt))")
            }
        } else if creating {
            problems.append("name should not be empty")
        }
        if let type = json?["rcs_type"], type != .null {
            if let checked = ConexteoRCSPayload.checkType(type, name: "rcs_type", problems: &problems) {
                switch checked {
                case "text":
                    payload = ConexteoRCSPayload.checkText(json?["text"], at: "text", problems: &problems)
                        .map { ConexteoRCSPayload(type: checked, text: $0) }
                case "card":
                    payload = ConexteoRCSPayload.checkCard(json?["card"], at: "card", problems: &problems)
                        .map { ConexteoRCSPayload(type: checked, card: $0) }
                default:
                    payload = ConexteoRCSPayload.checkCards(json?["carousel"]?["cards"], at: "carousel.cards", problems: &problems)
                        .map { ConexteoRCSPayload(type: checked, cards: $0) }
                }
            }
        } else if creating {
            problems.append("rcs_type must be one of text, card, carousel (got nothing)")
        } else if ["text", "card", "carousel"].contains(where: { json?[$0] != nil }) {
            problems.append("rcs_type is required with text, card or carousel: give the type of the new content")
        }
        if let value = json?["shorturl"] {
            switch value {
            case .null: shortURL = .some(nil)
            case .object: shortURL = .some(value.jsonText)
            default: problems.append("shorturl must be an object {mode, url} (got \(value.excerpt))")
            }
        }
        if let value = json?["fallback_content"] {
            if value == .null {
                fallbackContent = .some(nil)
            } else if let text = value.string, !text.allSatisfy(\.isWhitespace) {
                fallbackContent = .some(text)
            } else {
                problems.append("fallback_content must be a non-empty string (got \(value.excerpt))")
            }
        }
        if let value = json?["fallback_sender"] {
            if value == .null {
                fallbackSender = .some(nil)
            } else {
                do throws(SMSCoreError) {
                    guard let text = value.string else {
                        throw SMSCoreError(code: .invalidSender, message: "must be a string (got \(value.excerpt))")
                    }
                    fallbackSender = .some(try SenderID.parse(text).value)
                } catch {
                    problems.append("fallback_sender: \(error.message)")
                }
            }
        }
        if !creating, problems.isEmpty, name == nil, payload == nil, shortURL == nil, fallbackContent == nil,
            fallbackSender == nil
        {
            problems.append("give at least one of name, rcs_type (with its content), shorturl, fallback_content, fallback_sender")
        }
        if !problems.isEmpty { throw ConexteoSend.Invalid(messages: problems) }
    }

    /// Writes the fields given into `template`; new content replaces the old entirely.
    func apply(to template: inout SandboxConexteoTemplate) {
        if let name { template.name = name }
        if let payload {
            template.rcsType = payload.type
            template.rcsText = payload.text
            template.rcsCard = payload.card?.jsonText
            template.rcsCarousel = payload.cards.map { JSONValue.object(["cards": .array($0)]).jsonText }
        }
        if let shortURL { template.shortURL = shortURL }
        if let fallbackContent { template.fallbackContent = fallbackContent }
        if let fallbackSender { template.fallbackSender = fallbackSender }
    }
}
