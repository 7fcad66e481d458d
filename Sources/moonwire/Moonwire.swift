import ArgumentParser

/// The `moonwire` command line.
@main
struct Moonwire: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "moonwire",
        abstract: "Script your SMS messaging in Lua: sends, replies, opt-outs and drip flows.",
        discussion: """
            Moonwire runs Lua scripts against an SMS provider. Out of the box the provider is the \
            built-in sandbox: nothing leaves the machine, and what it accepts is stored in the \
            database so you can inspect it.

            Configuration: moonwire.toml in the working directory, or --config FILE (before or \
            after the command; for `run`, before the script: after it, it is the script's), or \
            MOONWIRE_CONFIG; the environment overrides it, flags override both. `moonwire config` prints what is in force and where each value came from.

            Environment (each also a key of moonwire.toml: see moonwire config --help):
              MOONWIRE_DB        the SQLite file (default ./moonwire.db) or a postgres:// URL (see README);
                                 another URL, an empty value and, but for repl, :memory: are refused
              MOONWIRE_PROVIDER  sandbox (default), conexteo or conerix
              CONEXTEO_API_KEY, CONEXTEO_APP_ID, CONEXTEO_BASE_URL   Conexteo's key, app id, API root
              CONERIX_API_KEY, CONERIX_BASE_URL                      Conerix's key and API root
              MOONWIRE_REGION    the region national numbers belong to (default FR)
              MOONWIRE_NOW       the instant time starts at (sandbox: a new database's clock)
              MOONWIRE_CLOCK     virtual (the sandbox's default: moved by `sandbox clock`) or system
              MOONWIRE_BUSY_TIMEOUT      seconds a write waits for another process's lock (default 10)
              MOONWIRE_INBOUND_ATTEMPTS  times serve tries a reply a limit keeps stopping (default 3)

            Start with:
              moonwire run examples/hello.lua
              moonwire sandbox messages
              moonwire segments "Bonjour ça va ?"
              moonwire number "06 12 34 56 78"
              moonwire repl
              moonwire serve --plugins plugins        (then: moonwire flows --help)
            """,
        version: "0.1.0",
        subcommands: [
            RunCommand.self, TestCommand.self, ServeCommand.self, ConfigCommand.self, StatusCommand.self, FleetCommand.self,
            DbCommand.self, ReplCommand.self, FlowsCommand.self, InboundCommand.self, StopsCommand.self, SendCommand.self, CreditsCommand.self,
            SandboxCommand.self, SegmentsCommand.self, NumberCommand.self,
        ])

    /// Takes `--config FILE` out of the arguments (every command reads the same configuration),
    /// then parses and runs the command.
    static func main() async {
        await main(ConfigFileArgument.process.remaining)
    }
}
