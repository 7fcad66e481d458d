import Foundation

extension JSONValue {
    /// The value as it appears in JSON, shortened, for quoting in a validation message.
    var excerpt: String {
        let text = jsonText
        return text.count > 60 ? String(text.prefix(60)) + "…" : text
    }

    /// The value as JSON text (how the store keeps JSON it does not interpret).
    var jsonText: String { String(decoding: bytes, as: UTF8.self) }

    /// The JSON in `text`, or nil when there is none or it is not JSON.
    static func fromJSONText(_ text: String?) -> JSONValue? {
        guard let text else { return nil }
        return try? JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
    }
}
