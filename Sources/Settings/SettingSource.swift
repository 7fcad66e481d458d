/// Where a setting's effective value came from, weakest first: default, file, environment, flag.
public enum SettingSource: Sendable, Hashable, CustomStringConvertible {
    /// Nobody set it.
    case builtIn
    /// A line of the configuration file.
    case file(path: String, line: Int)
    /// An environment variable.
    case environment(variable: String)
    /// An environment variable the configuration file names (`api_key_env = "VAR"`).
    case fileVariable(variable: String, path: String, line: Int)
    /// A command-line flag.
    case flag(String)

    public var description: String {
        switch self {
        case .builtIn: "default"
        case .file(let path, let line): "\(path):\(line)"
        case .environment(let variable): "env \(variable)"
        case .fileVariable(let variable, let path, let line): "env \(variable) (named at \(path):\(line))"
        case .flag(let name): "flag \(name)"
        }
    }
}
