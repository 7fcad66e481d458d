import ArgumentParser

/// `moonwire sandbox ...`: inspect and drive the built-in sandbox provider.
struct SandboxCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sandbox",
        abstract: "Inspect and drive the built-in sandbox provider.",
        discussion: "The sandbox keeps everything it accepts in the database (MOONWIRE_DB, default ./moonwire.db).",
        subcommands: [SandboxMessagesCommand.self, SandboxReplyCommand.self, SandboxClockCommand.self, SandboxServeCommand.self])
}
