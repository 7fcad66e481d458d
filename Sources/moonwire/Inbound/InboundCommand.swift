import ArgumentParser

/// `moonwire inbound ...`: inbound messages set aside because their handlers kept being stopped.
struct InboundCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inbound",
        abstract: "List inbound messages set aside as poisoned, and route them again.",
        discussion: """
            When a limit (the time budget, the memory ceiling) stops a handler, `moonwire serve` \
            routes the message again a little later, up to MOONWIRE_INBOUND_ATTEMPTS times in \
            all (default 3, restarts included); then it sets the message aside as poisoned \
            instead of replaying it forever. Fix the plugin, reload it (SIGHUP), then route the \
            message again. A database that was busy does not count as an attempt: the message \
            is simply routed again.

            Examples:
              moonwire inbound failed
              moonwire inbound failed --json
              moonwire inbound retry 42
              moonwire inbound retry --all
            """,
        subcommands: [InboundFailedCommand.self, InboundRetryCommand.self])
}
