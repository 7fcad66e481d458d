import ArgumentParser
import Engine
import Foundation
import Providers

/// `moonwire stops sync [--json]`.
struct StopsSyncCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync",
        abstract: "Pull the provider's own stop list into the local one now (Conexteo).",
        discussion: """
            Adds the numbers the provider lists and the local list lacks; removes nothing. \
            Prints how many the provider lists and each number added.
            """)

    @OptionGroup var providerOptions: ProviderOptions

    @Flag(name: .long, help: "Print {listed, added: [...]} as JSON.")
    var json = false

    func run() async throws {
        let host = try providerOptions.openHost()
        guard let sync = host.services.stopListSync else {
            StandardError.write(
                "moonwire: \(host.services.provider.name) keeps no stop list of its own: the local list is the only one "
                    + "(MOONWIRE_PROVIDER=conexteo to sync Conexteo's)")
            throw ExitCode(1)
        }
        let outcome: StopListSync.Outcome
        do throws(EngineError) {
            outcome = try await sync.pull()
        } catch {
            StandardError.write("moonwire: \(error.code): \(error.message)")
            throw ExitCode(1)
        }
        if json {
            let object: [String: Any] = ["listed": outcome.listed, "added": outcome.added]
            print(String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self))
            return
        }
        print("\(sync.providerName) lists \(outcome.listed) number(s); \(outcome.added.count) added to the stop list")
        for number in outcome.added { print("  \(number)") }
    }
}
