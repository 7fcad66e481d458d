import ArgumentParser
import Engine
import Foundation
import LuaKit
import SMSCore
import Store

/// `moonwire flows start NAME NUMBER [--var k=v]...`.
struct FlowsStartCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "start",
        abstract: "Start a run of a flow for a number; a running `moonwire serve` executes it.",
        discussion: """
            The flow must be defined by the plugins `moonwire serve` loaded last on this \
            database (flows.define). The run is stored at once and its id printed; serve picks \
            it up within a moment (or when it next starts). A number that already has a live run \
            of the flow is refused unless --allow-parallel is given. Vars reach the flow as \
            strings in flow.vars and fill {{name}} placeholders of its messages.

            Examples:
              moonwire flows start welcome_drip +33612345678
              moonwire flows start welcome_drip 0612345678 --var first_name=Ana --var plan=pro
            """)

    @Argument(help: ArgumentHelp("The flow's name.", valueName: "name"))
    var name: String

    @Argument(help: ArgumentHelp("The number (national numbers belong to MOONWIRE_REGION, default FR).", valueName: "number"))
    var number: String

    @Option(name: .customLong("var"), help: ArgumentHelp("A variable for the flow, as key=value (repeatable).", valueName: "key=value"))
    var vars: [String] = []

    @Flag(name: .long, help: "Start even if the number has a live run of this flow.")
    var allowParallel = false

    func validate() throws {
        for pair in vars where !pair.contains("=") || pair.hasPrefix("=") {
            throw ValidationError("--var \(pair) is not key=value (e.g. --var plan=pro)")
        }
    }

    func run() async throws {
        let engine = try EngineStore.open()
        let phone: String
        do throws(SMSCoreError) {
            phone = try PhoneNumber.parse(number, region: engine.configuration.region).e164
        } catch {
            StandardError.write("moonwire: \(number): \(error.message)")
            throw ExitCode(1)
        }
        let store = engine.store
        let definitions = try await engine.run { () async throws(StoreError) in try await store.flowDefinitions() }
        guard let definition = definitions.first(where: { $0.name == name }) else {
            let known = definitions.map(\.name)
            StandardError.write(
                "moonwire: no flow named '\(name)' is defined"
                    + (known.isEmpty
                        ? ": start `moonwire serve --plugins DIR` once with the plugins that define it"
                        : " (defined: \(known.joined(separator: ", ")))"))
            throw ExitCode(1)
        }
        var table = LuaTable()
        for pair in vars {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            table[String(parts[0])] = .text(parts.count > 1 ? String(parts[1]) : "")
        }
        let outcome: FlowEngine.StartOutcome
        do throws(EngineError) {
            outcome = try await FlowEngine.record(
                store: store, clock: engine.clock, flow: name, hash: definition.hash, phone: phone, vars: table,
                exclusive: !(allowParallel || definition.allowParallel), origin: "cli")
        } catch {
            StandardError.write("moonwire: \(error.message)")
            throw ExitCode(1)
        }
        switch outcome {
        case .started(let id):
            print(id)
        case .refused(let existing):
            StandardError.write(
                "moonwire: flow \(name) already runs for \(phone) (run \(existing.id ?? 0), \(existing.status.rawValue)); "
                    + "pass --allow-parallel to start another")
            throw ExitCode(1)
        }
    }
}
