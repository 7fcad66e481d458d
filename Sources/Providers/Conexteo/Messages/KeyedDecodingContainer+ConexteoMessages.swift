import Foundation

extension KeyedDecodingContainer {
    /// A label sent as a string, a number, or an object carrying `label` / `name` / `value`
    /// (Conexteo's `message_type{}` and `shorturl_mode{}` are objects of unknown shape [G]).
    func lenientMessageLabel(_ key: Key) -> String? {
        if let text = lenientString(key) { return text }
        guard let object = try? nestedContainer(keyedBy: LabelKeys.self, forKey: key) else { return nil }
        return object.lenientString(.label) ?? object.lenientString(.name) ?? object.lenientString(.value)
    }

    /// A date sent as ISO 8601 text or as Unix seconds (milliseconds when the number is that large).
    func lenientMessageDate(_ key: Key) -> Date? {
        if let text = try? decodeIfPresent(String.self, forKey: key) {
            if let date = ConexteoMessageDates.parse(text) { return date }
            if let seconds = Double(text) { return ConexteoMessageDates.fromUnix(seconds) }
            return nil
        }
        return lenientDouble(key).map(ConexteoMessageDates.fromUnix)
    }
}

/// The keys a label object may use.
private enum LabelKeys: String, CodingKey { case label, name, value }
