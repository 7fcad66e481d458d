import SMSCore

/// A button ("choice") on an RCS card: `{type: "url", title, url}` or `{type: "call", title,
/// phoneNumber}` [V: the n8n node]. The seed's schema list also names text and location choices,
/// whose fields are not public; they are read as ``other(type:title:)``.
public enum ConexteoRCSButton: Codable, Sendable, Hashable {
    /// Opens `url` (http or https).
    case url(title: String, url: String)
    /// Calls `phoneNumber`.
    case call(title: String, phoneNumber: PhoneNumber)
    /// A choice of a kind Moonwire does not model, kept so that reading a template never fails;
    /// Conexteo (and the sandbox) refuse it in a send.
    case other(type: String, title: String?)

    enum CodingKeys: String, CodingKey { case type, title, url, phoneNumber }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let type = c.lenientString(.type) ?? ""
        let title = c.lenientString(.title)
        switch type {
        case "url":
            if let url = c.lenientString(.url) {
                self = .url(title: title ?? "", url: url)
                return
            }
        case "call":
            if let text = c.lenientString(.phoneNumber), let number = try? PhoneNumber.parse(text, region: "FR") {
                self = .call(title: title ?? "", phoneNumber: number)
                return
            }
        default:
            break
        }
        self = .other(type: type, title: title)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .url(let title, let url):
            try c.encode("url", forKey: .type)
            try c.encode(title, forKey: .title)
            try c.encode(url, forKey: .url)
        case .call(let title, let number):
            try c.encode("call", forKey: .type)
            try c.encode(title, forKey: .title)
            try c.encode(number.e164, forKey: .phoneNumber)
        case .other(let type, let title):
            try c.encode(type, forKey: .type)
            try c.encodeIfPresent(title, forKey: .title)
        }
    }
}
