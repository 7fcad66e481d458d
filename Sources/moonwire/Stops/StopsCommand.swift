import ArgumentParser

/// `moonwire stops ...`: the stop list every send is checked against.
struct StopsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stops",
        abstract: "List the stop list, and pull the provider's own list into it.",
        discussion: """
            Every send is checked against the local stop list: a number on it gets nothing but \
            its opt-out confirmation. Numbers get there by replying STOP, by a script's \
            stops.add, or from the provider's own list: Conexteo keeps one (STOPs it handled, \
            its console), which `moonwire serve` pulls in at start and every MOONWIRE_STOP_SYNC \
            seconds (default 600), and `moonwire stops sync` pulls now.

            Examples:
              moonwire stops list
              moonwire stops list --json
              MOONWIRE_PROVIDER=conexteo CONEXTEO_API_KEY=... moonwire stops sync
            """,
        subcommands: [StopsListCommand.self, StopsSyncCommand.self])
}
