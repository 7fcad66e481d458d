import Foundation

extension KeyedDecodingContainer {
    /// A label sent as a string, a number, or an object carrying `label` / `name` / `value`
    /// (Conexteo's `message_type{}` and `shorturl_mode{}` are objects of unknown shape [G]).
    func lenientMessageLabel(_ key: Key) -> String? {
        if let text = lenientString(key) { return text }
        guard let object = try? nestedContainer(keyedBy: LabelKeys.self, forKey: key) else { return nil }
        return object.lenientString(.label) ?? object.lenientString(.name) ?? object.lenientString(.value)
    }
}

/// The keys a label object may use.
private enum LabelKeys: String, CodingKey { case label, name, value }
