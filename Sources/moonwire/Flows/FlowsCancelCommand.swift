import ArgumentParser
import Engine
import Foundation
import SMSCore
import Storage

/// `moonwire flows cancel ID`.
struct FlowsCancelCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cancel",
        abstract: "Cancel a flow run: it sends nothing more.",
        discussion: """
            A sleeping or waiting run is cancelled at once; a run executing in `moonwire serve` \
            stops at its next effect. Cancelling a run that is over changes nothing (exit status 0, \
            with a note).

            Example:
              moonwire flows cancel 12
            """)

    @Argument(help: ArgumentHelp("The run's id (from `moonwire flows list`).", valueName: "id"))
    var id: Int64

    func run() async throws {
        let engine = try EngineStore.open()
        let store = engine.store
        let id = self.id
        let now = engine.clock.now()
        switch try await engine.run({ () async throws(StorageError) in try await store.cancelFlowRun(id: id, now: now) }) {
        case nil:
            StandardError.write("moonwire: there is no flow run \(id) (see moonwire flows list)")
            throw ExitCode(1)
        case false?:
            let status = try await engine.run { () async throws(StorageError) in try await store.flowRun(id: id) }?.status.rawValue
            print("run \(id) is already over (\(status ?? "gone")): nothing to cancel")
        case true?:
            print("run \(id) cancelled")
        }
    }
}
