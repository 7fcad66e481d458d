extension MoonwireSettings {
    /// One row of `moonwire config`: key, value (secrets `[REDACTED]`), variable, source.
    public struct Row: Sendable, Hashable {
        public let key: String
        public let value: String
        public let variable: String
        public let source: String
    }

    /// What `moonwire config` prints: every key, set or not, in catalogue order.
    public var rows: [Row] {
        SettingKey.allCases.map { key in
            let shown = self[key].map { key == .database ? DatabaseLocation.masked($0) : $0 }
            let value = shown.map { key.isSecret && !$0.isEmpty ? "[REDACTED]" : $0 } ?? "(unset)"
            return Row(key: key.rawValue, value: value, variable: key.variable, source: source(of: key).description)
        }
    }
}
