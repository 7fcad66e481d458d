import ArgumentParser
import Engine
import Foundation
import Providers
import SMSCore
import Storage
import SandboxStore
import StorageBackends

/// `moonwire sandbox reply --from NUMBER TEXT`: a handset answers, in the sandbox.
struct SandboxReplyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reply",
        abstract: "Inject a reply from a handset into the sandbox.",
        discussion: """
            Stores the reply in the sandbox (MOONWIRE_DB); a running `moonwire serve` picks it \
            up within a moment and routes it to the plugins, exactly as a real reply. Works \
            from another shell while serve runs.

            Examples:
              moonwire sandbox reply --from +33612345678 "INFO"
              moonwire sandbox reply --from 0612345678 STOP
            """)

    @Option(name: .long, help: ArgumentHelp("Who replies (national numbers belong to MOONWIRE_REGION, default FR).", valueName: "number"))
    var from: String

    @Option(
        name: .long,
        help: ArgumentHelp(
            "The number or sender id replied to (default: the sender of the last message to that number).",
            valueName: "recipient"))
    var to: String?

    @Argument(help: ArgumentHelp("The reply's text.", valueName: "text"))
    var text: String

    func run() async throws {
        do {
            let configuration = try EngineConfiguration.fromEnvironment(ProcessSettings.environment)
            let number = try PhoneNumber.parse(from, region: configuration.region)
            let backends = try StorageBackends(location: configuration.databasePath, busyTimeout: configuration.busyTimeout)
            let clock = try configuration.makeClock(store: backends.engine)  // replies carry the virtual time in the sandbox
            let reply = try await backends.sandbox().injectSandboxReply(
                from: number.e164, body: text, to: to, receivedAt: clock.now(), defaultSender: SandboxProvider.defaultSender)
            print(reply.id)
        } catch let error as SMSCoreError {
            StandardError.write("moonwire: --from \(from): \(error.message)")
            throw ExitCode(1)
        } catch let error as EngineError {
            StandardError.write("moonwire: \(error.message)")
            throw ExitCode(1)
        } catch let error as StorageError {
            StandardError.write("moonwire: \(error.message)")
            throw ExitCode(1)
        }
    }
}
