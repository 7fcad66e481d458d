/// Moonwire's whole configuration, read once: `moonwire.toml` (or `--config FILE`, or
/// `MOONWIRE_CONFIG`), then the environment over it, then a command's flags over both. Every
/// command takes its values from here; ``environment`` hands them to the layers that read
/// variables by name (the engine, the providers).
public struct MoonwireSettings: Sendable {
    /// One key's effective value and where it came from.
    public struct Entry: Sendable, Hashable {
        /// The value, checked against the key's kind.
        public let value: String
        /// Where it was set.
        public let source: SettingSource
    }

    /// The configuration file read, nil when there was none.
    public let file: String?
    /// The keys somebody set (a file, the environment, a flag); the others have their default.
    public private(set) var entries: [SettingKey: Entry]
    /// The process environment the settings were read with.
    private let baseEnvironment: [String: String]

    init(file: String?, entries: [SettingKey: Entry], baseEnvironment: [String: String]) {
        self.file = file
        self.entries = entries
        self.baseEnvironment = baseEnvironment
    }

    /// The effective value: set, else the default, else nil.
    public subscript(key: SettingKey) -> String? { entries[key]?.value ?? key.defaultValue }

    /// Where the effective value came from.
    public func source(of key: SettingKey) -> SettingSource { entries[key]?.source ?? .builtIn }

    /// The environment with every value the file or a flag set written under its variable: what
    /// the engine and the providers, which read variables by name, are given.
    public var environment: [String: String] {
        var environment = baseEnvironment
        for (key, entry) in entries {
            if case .environment = entry.source { continue }
            environment[key.variable] = entry.value
        }
        return environment
    }

    /// These settings with a command-line flag's value over `key` (nil: the flag was not given).
    public func overriding(_ key: SettingKey, with value: String?, flag: String) throws(SettingsError) -> MoonwireSettings {
        guard let value else { return self }
        switch key.kind.check(value) {
        case .success(let checked):
            var copy = self
            copy.entries[key] = Entry(value: checked, source: .flag(flag))
            return copy
        case .failure(let refusal):
            throw SettingsError(code: "invalid_value", message: "\(flag) \(value) \(refusal.reason)")
        }
    }
}
