import ArgumentParser
import Engine
import Foundation
import Storage
import StorageBackends

/// `moonwire db migrate`: applies the missing schema changes and says which.
struct DbMigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Apply the schema changes the database lacks, and list them.",
        discussion: """
            Opens MOONWIRE_DB (a SQLite file, created if missing, or a postgres:// URL), applies \
            every schema change of this version it lacks, all in one transaction, and prints \
            their names; a database already current says so. Safe to run from several hosts \
            at once, and beside running instances: the changes are applied under one lock \
            (SQLite's write lock, a PostgreSQL advisory lock), so each is applied once and the \
            others find the schema current. The password of a URL is never printed.

            The sandbox provider's own tables are made the first time the sandbox is used.

            Examples:
              moonwire db migrate
              moonwire db migrate --list
            """)

    @Flag(name: .long, help: "Also list every schema change this version knows, applied or not.")
    var list = false

    func run() async throws {
        let store: any EngineStorage
        do {
            let configuration = try EngineConfiguration.fromEnvironment(ProcessSettings.environment)
            store = try StorageBackends(location: configuration.databasePath, busyTimeout: configuration.busyTimeout).engine
        } catch let error as EngineError {
            StandardError.write("moonwire: \(error.message)")
            throw ExitCode(1)
        } catch let error as StorageError {
            StandardError.write("moonwire: \(error.message)")
            throw ExitCode(1)
        }
        let applied = store.migrationsApplied
        let known: [(name: String, applied: Bool)]
        do throws(StorageError) {
            known = try await store.schemaMigrations()
        } catch {
            StandardError.write("moonwire: \(error.message)")
            throw ExitCode(1)
        }
        let database = "\(StorageBackends.displayed(store.location)) (\(store.backend))"
        if applied.isEmpty {
            print("\(database) is up to date: \(known.count) schema change(s), none to apply")
        } else {
            print("\(database): applied \(applied.count) schema change(s):")
            for name in applied { print("  \(name)") }
        }
        if list {
            print("schema changes of this version:")
            for step in known { print("  \(step.applied ? "applied" : "missing") \(step.name)") }
        }
    }
}
