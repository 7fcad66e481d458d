import ArgumentParser

/// `moonwire flows ...`: look at and drive durable flow runs.
struct FlowsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "flows",
        abstract: "List, inspect, start and cancel durable flow runs.",
        discussion: """
            Plugins define flows with flows.define(name, fn); `moonwire serve` runs them. These \
            commands work on the database (MOONWIRE_DB), also while serve runs.

            Examples:
              moonwire flows start welcome_drip +33612345678 --var plan=pro
              moonwire flows list --status waiting
              moonwire flows show 12
              moonwire flows cancel 12
            """,
        subcommands: [FlowsListCommand.self, FlowsShowCommand.self, FlowsStartCommand.self, FlowsCancelCommand.self])
}
