/// `--config FILE` (or `--config=FILE`), accepted before or after the subcommand: taken out of the
/// arguments before they are parsed, since every command reads the same configuration.
struct ConfigFileArgument: Sendable {
    /// The file named, nil when the option was not given.
    let path: String?
    /// The arguments without it, for ArgumentParser.
    let remaining: [String]

    /// This process's arguments (without the program name).
    static let process = ConfigFileArgument(Array(CommandLine.arguments.dropFirst()))

    /// Commands whose arguments after their first positional one (the script) are the script's
    /// own, with the options of the command that take a value (so that value is not taken for
    /// the script): `moonwire run job.lua --config x` passes `--config x` to job.lua.
    static let passthroughCommands: [String: Set<String>] = ["run": ["--budget", "--memory"]]

    /// Splits `arguments`; nothing after `--`, and nothing after `run`'s script, is looked at.
    init(_ arguments: [String]) {
        var path: String?
        var remaining: [String] = []
        var command: String?
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
                index += 1
                continue
            }
            remaining.append(argument)
            if !argument.hasPrefix("-") {
                if command == nil {
                    command = argument
                } else if let command, Self.passthroughCommands[command] != nil {
                    // The script: what follows is its own.
                    remaining += arguments[(index + 1)...]
                    break
                }
            } else if let command, let valued = Self.passthroughCommands[command], valued.contains(argument),
                index + 1 < arguments.endIndex
            {
                remaining.append(arguments[index + 1])
                index += 1
            }
            index += 1
        }
        self.path = path
        self.remaining = remaining
    }
}
