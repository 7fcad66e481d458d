extension KeyedDecodingContainer {
    /// A number sent as a JSON number or a numeric string; nil when absent or neither, since the
    /// shapes of inferred fields ([G]/[I] in providers.md) must not fail a send that succeeded.
    func lenientDouble(_ key: Key) -> Double? {
        if let number = try? decodeIfPresent(Double.self, forKey: key) { return number }
        if let text = try? decodeIfPresent(String.self, forKey: key) { return Double(text) }
        return nil
    }

    /// An integer sent as a number or a numeric string; nil when absent or neither.
    func lenientInt(_ key: Key) -> Int? {
        lenientDouble(key).flatMap { $0.isFinite && $0.rounded() == $0 ? Int(exactly: $0) : nil }
    }

    /// A string sent as a string or a number; nil when absent or neither.
    func lenientString(_ key: Key) -> String? {
        (try? decodeIfPresent(LosslessString.self, forKey: key))??.value
    }
}
