import ArgumentParser

/// `moonwire sandbox ...`: inspect and drive the built-in sandbox provider.
struct SandboxCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sandbox",
        abstract: "Inspect and drive the built-in sandbox provider.",
        discussion: """
            The sandbox keeps everything it accepts in the database (MOONWIRE_DB: a SQLite file, \
            default ./moonwire.db, or a postgres:// URL, where its sandbox_* tables sit beside the \
            engine's and several processes may share them).
            """,
        subcommands: [SandboxMessagesCommand.self, SandboxReplyCommand.self, SandboxClockCommand.self, SandboxServeCommand.self])
}
