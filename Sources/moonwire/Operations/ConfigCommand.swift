import ArgumentParser
import Foundation
import Settings

/// `moonwire config`: the effective configuration and where each value came from.
struct ConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Print the effective configuration and where each value came from.",
        discussion: """
            Moonwire reads one configuration: moonwire.toml in the working directory (or the file \
            --config FILE or MOONWIRE_CONFIG names), then the environment over it, then each \
            command's flags over both. Every key, its value, the variable that overrides it and \
            its source (a file line, an environment variable, default) are listed; keys, tokens \
            and passwords show as [REDACTED].

            moonwire.toml holds top-level keys and [conexteo], [conerix], [serve] and [repl] \
            tables; a secret can be named by the variable holding it instead (api_key_env = \
            "PROD_CONEXTEO_KEY"). An unknown key or a bad value stops every command with the \
            file, the line and the nearest known key.

            Example moonwire.toml:
              database = "/var/lib/moonwire/moonwire.db"
              provider = "conexteo"
              [conexteo]
              api_key_env = "CONEXTEO_KEY"
              webhook_token_env = "CONEXTEO_HOOK_TOKEN"
              [serve]
              plugins = "/etc/moonwire/plugins"
              http = 8080
              log_format = "json"
            """)

    @Flag(name: .long, help: "Print one JSON object: key → {value, variable, source}.")
    var json = false

    func run() throws {
        let settings = ProcessSettings.current
        let rows = settings.rows
        if json {
            var object: [String: [String: String]] = [:]
            for row in rows { object[row.key] = ["value": row.value, "variable": row.variable, "source": row.source] }
            let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .prettyPrinted])
            print(String(decoding: data, as: UTF8.self))
            return
        }
        print("# configuration file: \(settings.file ?? "none (no ./\(MoonwireSettings.defaultFileName), --config or MOONWIRE_CONFIG)")")
        let keyWidth = rows.map(\.key.count).max() ?? 0
        let valueWidth = min(48, rows.map(\.value.count).max() ?? 0)
        let variableWidth = rows.map(\.variable.count).max() ?? 0
        for row in rows {
            print(
                [row.key.padded(to: keyWidth), row.value.padded(to: valueWidth), row.variable.padded(to: variableWidth), row.source]
                    .joined(separator: "  "))
        }
    }
}
