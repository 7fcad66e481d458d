import ArgumentParser

/// `moonwire db ...`: the database's schema.
struct DbCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "db",
        abstract: "Manage the database's schema (migrations).",
        discussion: """
            Every command that writes migrates the database it opens, so `moonwire db migrate` \
            is never required; it lets an operator upgrade the schema on purpose, before the \
            instances start (or to check that nothing is left to apply).

            Examples:
              moonwire db migrate
              MOONWIRE_DB=postgres://moonwire@db.internal/moonwire moonwire db migrate
            """,
        subcommands: [DbMigrateCommand.self])
}
