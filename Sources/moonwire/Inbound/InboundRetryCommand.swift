import ArgumentParser
import Foundation
import Storage

/// `moonwire inbound retry ID... | --all`.
struct InboundRetryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "retry",
        abstract: "Route poisoned inbound messages again (a running serve picks them up).",
        discussion: """
            Makes the messages pending again with a fresh count of attempts. Do it once the \
            plugin is fixed and reloaded: a message that is stopped again is set aside again.
            """)

    @Argument(help: ArgumentHelp("Ids from `moonwire inbound failed`.", valueName: "id"))
    var ids: [Int64] = []

    @Flag(name: .long, help: "Every poisoned message.")
    var all = false

    func validate() throws {
        if all && !ids.isEmpty { throw ValidationError("give ids or --all, not both") }
        if !all && ids.isEmpty { throw ValidationError("give the ids to route again (see `moonwire inbound failed`), or --all") }
    }

    func run() async throws {
        let engine = try EngineStore.open()
        let store = engine.store
        let wanted = all ? nil : ids
        let retried = try await engine.run { () async throws(StorageError) in try await store.retryPoisonedInbound(ids: wanted) }
        let missing = ids.filter { !retried.contains($0) }
        if !retried.isEmpty {
            print("routing again: \(retried.map(String.init).joined(separator: ", "))")
        } else if all {
            print("no poisoned inbound messages")
        }
        if !missing.isEmpty {
            StandardError.write(
                "moonwire: not poisoned (or no such message): \(missing.map(String.init).joined(separator: ", ")); "
                    + "see `moonwire inbound failed`")
            throw ExitCode(1)
        }
    }
}
