import ArgumentParser

/// `moonwire flows ...`: look at and drive durable flow runs.
struct FlowsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "flows",
        abstract: "List, inspect, start, cancel and check durable flow runs.",
        discussion: """
            Plugins define flows with flows.define(name, fn); `moonwire serve` runs them. These \
            commands work on the database (MOONWIRE_DB), also while serve runs.

            Examples:
              moonwire flows start welcome_drip +33612345678 --var plan=pro
              moonwire flows list --status waiting
              moonwire flows show 12
              moonwire flows cancel 12
              moonwire flows check --plugins plugins    (would the edited code replay the live runs?)
            """,
        subcommands: [FlowsListCommand.self, FlowsShowCommand.self, FlowsStartCommand.self, FlowsCancelCommand.self, FlowsCheckCommand.self])
}
