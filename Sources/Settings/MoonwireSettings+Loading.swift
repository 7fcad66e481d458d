import Foundation
import TOMLKit

extension MoonwireSettings {
    /// The file looked for in the working directory when neither `--config` nor `MOONWIRE_CONFIG` names one.
    public static let defaultFileName = "moonwire.toml"

    /// Reads the configuration file and the environment into settings.
    /// - Parameters:
    ///   - file: `--config FILE`; else `MOONWIRE_CONFIG`; else `./moonwire.toml` when it exists.
    ///     A file named explicitly must exist.
    ///   - environment: the process environment.
    public static func load(
        file explicit: String? = nil, environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(SettingsError) -> MoonwireSettings {
        let named = explicit ?? environment["MOONWIRE_CONFIG"].flatMap { $0.isEmpty ? nil : $0 }
        var path = named
        if path == nil, FileManager.default.fileExists(atPath: defaultFileName) { path = defaultFileName }
        var fileEntries: [SettingKey: Entry] = [:]
        if let path {
            guard FileManager.default.fileExists(atPath: path) else {
                let origin = explicit != nil ? "--config" : "MOONWIRE_CONFIG"
                throw SettingsError(
                    code: "missing_file",
                    message: "\(origin) names \(path), which does not exist: create it, or point \(origin) at moonwire.toml")
            }
            guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
                throw SettingsError(code: "unreadable_file", message: "\(path): cannot be read as UTF-8 text (check its permissions)")
            }
            fileEntries = try parse(text, path: path, environment: environment)
        }
        var entries: [SettingKey: Entry] = [:]
        for key in SettingKey.allCases {
            // An empty variable is unset: the file's value stands (an empty MOONWIRE_PROVIDER must
            // not turn a configured provider back into the sandbox). With no file value, the
            // engine's own check of an empty value speaks.
            if let raw = environment[key.variable], !raw.isEmpty {
                entries[key] = try fromEnvironment(key, raw)
            } else if let entry = fileEntries[key] {
                entries[key] = entry
            } else if let raw = environment[key.variable], key.checkedDownstream {
                entries[key] = try fromEnvironment(key, raw)
            }
        }
        return MoonwireSettings(file: path, entries: entries, baseEnvironment: environment)
    }

    /// An environment variable's value: passed on as it is when the engine checks it with its
    /// own message, checked here otherwise.
    private static func fromEnvironment(_ key: SettingKey, _ raw: String) throws(SettingsError) -> Entry {
        if key.checkedDownstream { return Entry(value: raw, source: .environment(variable: key.variable)) }
        switch key.kind.check(raw) {
        case .success(let value): return Entry(value: value, source: .environment(variable: key.variable))
        case .failure(let refusal):
            throw SettingsError(code: "invalid_value", message: "\(key.variable)=\(raw) \(refusal.reason)")
        }
    }

    /// The keys a TOML document sets, each checked and with its line.
    static func parse(_ text: String, path: String, environment: [String: String]) throws(SettingsError) -> [SettingKey: Entry] {
        let table: TOMLTable
        do {
            table = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            throw SettingsError(code: "config_syntax", message: "\(path):\(error.source.begin.line): \(error.description)")
        } catch {
            throw SettingsError(code: "config_syntax", message: "\(path): \(error)")
        }
        let locator = TOMLKeyLocator(text: text)
        var found: [(section: String?, name: String, value: any TOMLValueConvertible)] = []
        for (name, value) in table {
            if let inner = value.table {
                for (innerName, innerValue) in inner { found.append((name, innerName, innerValue)) }
            } else {
                found.append((nil, name, value))
            }
        }
        var entries: [SettingKey: Entry] = [:]
        for item in found {
            let dotted = item.section.map { "\($0).\(item.name)" } ?? item.name
            let line = locator.line(section: item.section, name: item.name)
            let at = "\(path):\(line)"
            if let key = SettingKey(rawValue: dotted) {
                if entries[key] != nil { throw bothForms(key, at: at) }
                let text = try scalar(item.value, key: dotted, kind: key.kind, at: at)
                switch key.kind.check(text) {
                case .success(let value): entries[key] = Entry(value: value, source: .file(path: path, line: line))
                case .failure(let refusal):
                    throw SettingsError(code: "invalid_value", message: "\(at): \(dotted) = \(text) \(refusal.reason)")
                }
            } else if dotted.hasSuffix("_env"), let key = SettingKey(rawValue: String(dotted.dropLast(4))), key.isSecret {
                if entries[key] != nil { throw bothForms(key, at: at) }
                let variable = try scalar(item.value, key: dotted, kind: .text, at: at)
                guard let value = environment[variable], !value.isEmpty else {
                    throw SettingsError(
                        code: "invalid_value",
                        message: "\(at): \(dotted) names \(variable), which is not set in the environment: export it, "
                            + "or set \(key.variable) instead")
                }
                entries[key] = Entry(value: value, source: .fileVariable(variable: variable, path: path, line: line))
            } else {
                throw unknown(dotted, at: at)
            }
        }
        return entries
    }

    /// A TOML string or number as text; anything else is the wrong type for `key`.
    private static func scalar(_ value: any TOMLValueConvertible, key: String, kind: SettingKind, at: String) throws(SettingsError) -> String {
        if let text = value.string { return text }
        if let number = value.int { return String(number) }
        if let number = value.double { return String(number) }
        throw SettingsError(
            code: "invalid_value", message: "\(at): \(key) is a \(value.type), but it takes \(kind.expectation)")
    }

    private static func unknown(_ key: String, at: String) -> SettingsError {
        let known = SettingKey.allCases.map(\.rawValue) + SettingKey.allCases.filter(\.isSecret).map { $0.rawValue + "_env" }
        let hint = KeySuggestion.nearest(to: key, in: known).map { " (did you mean \($0)?)" } ?? ""
        return SettingsError(
            code: "unknown_key",
            message: "\(at): unknown key \(key)\(hint); `moonwire config` lists every key")
    }

    private static func bothForms(_ key: SettingKey, at: String) -> SettingsError {
        SettingsError(
            code: "invalid_value",
            message: "\(at): \(key.rawValue) is set twice (as \(key.name) and \(key.name)_env): keep one")
    }
}
