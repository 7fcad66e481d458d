/// `--config FILE` (or `--config=FILE`), accepted before or after the subcommand: taken out of the
/// arguments before they are parsed, since every command reads the same configuration.
struct ConfigFileArgument: Sendable {
    /// The file named, nil when the option was not given.
    let path: String?
    /// The arguments without it, for ArgumentParser.
    let remaining: [String]

    /// This process's arguments (without the program name).
    static let process = ConfigFileArgument(Array(CommandLine.arguments.dropFirst()))

    /// Splits `arguments`; nothing after `--` is looked at.
    init(_ arguments: [String]) {
        var path: String?
        var remaining: [String] = []
        var index = arguments.startIndex
        while index < arguments.endIndex {
            let argument = arguments[index]
            if argument == "--" {
                remaining += arguments[index...]
                break
            }
            if argument == "--config", index + 1 < arguments.endIndex {
                path = arguments[index + 1]
                index += 2
                continue
            }
            if argument.hasPrefix("--config=") {
                path = String(argument.dropFirst("--config=".count))
            } else {
                remaining.append(argument)
            }
            index += 1
        }
        self.path = path
        self.remaining = remaining
    }
}
