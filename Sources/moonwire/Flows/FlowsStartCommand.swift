import ArgumentParser
import Engine
import Foundation
import LuaKit
import SMSCore
import Storage

/// `moonwire flows start NAME (NUMBER | --numbers FILE) [--var k=v]...`.
struct FlowsStartCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "start",
        abstract: "Start a run of a flow for a number, or for each number of a file; a running `moonwire serve` executes them.",
        discussion: """
            The flow must be defined by the plugins `moonwire serve` loaded last on this \
            database (flows.define). The run is stored at once and its id printed; serve picks \
            it up within a moment (or when it next starts). A number that already has a live run \
            of the flow is refused unless --allow-parallel is given. Vars reach the flow as \
            strings in flow.vars and fill {{name}} placeholders of its messages.

            With --numbers FILE (- for standard input), FILE has one number per line (blank \
            lines and lines starting with # are skipped; anything after a comma is ignored, so a \
            CSV export with the number first works). Runs are stored a thousand per \
            transaction; each started run prints "ID NUMBER". A number that already runs the \
            flow is reported and skipped, so the same file can be given again after an \
            interruption. A line that is not a number is reported with its line number and the \
            others still start; the exit status is then 1.

            Examples:
              moonwire flows start welcome_drip +33612345678
              moonwire flows start welcome_drip 0612345678 --var first_name=Ana --var plan=pro
              moonwire flows start welcome_drip --numbers customers.txt
            """)

    @Argument(help: ArgumentHelp("The flow's name.", valueName: "name"))
    var name: String

    @Argument(help: ArgumentHelp("The number (national numbers belong to MOONWIRE_REGION, default FR).", valueName: "number"))
    var number: String?

    @Option(name: .long, help: ArgumentHelp("A file of numbers, one per line, to start a run for each (- reads standard input).", valueName: "file"))
    var numbers: String?

    @Option(name: .customLong("var"), help: ArgumentHelp("A variable for the flow, as key=value (repeatable).", valueName: "key=value"))
    var vars: [String] = []

    @Flag(name: .long, help: "Start even if the number has a live run of this flow.")
    var allowParallel = false

    func validate() throws {
        switch (number, numbers) {
        case (nil, nil): throw ValidationError("give a number, or --numbers FILE (e.g. moonwire flows start \(name) +33612345678)")
        case (.some, .some): throw ValidationError("give a number or --numbers FILE, not both")
        default: break
        }
        for pair in vars where !pair.contains("=") || pair.hasPrefix("=") {
            throw ValidationError("--var \(pair) is not key=value (e.g. --var plan=pro)")
        }
    }

    func run() async throws {
        let engine = try EngineStore.open()
        let store = engine.store
        let definitions = try await engine.run { () async throws(StorageError) in try await store.flowDefinitions() }
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
        let exclusive = !(allowParallel || definition.allowParallel)
        if let numbers {
            try await startAll(from: numbers, definition: definition, vars: table, exclusive: exclusive, engine: engine)
            return
        }
        let number = self.number ?? ""
        let phone: String
        do throws(SMSCoreError) {
            phone = try PhoneNumber.parse(number, region: engine.configuration.region).e164
        } catch {
            StandardError.write("moonwire: \(number): \(error.message)")
            throw ExitCode(1)
        }
        let outcome: FlowEngine.StartOutcome
        do throws(EngineError) {
            outcome = try await FlowEngine.record(
                store: store, clock: engine.clock, flow: name, hash: definition.hash, phone: phone, vars: table,
                exclusive: exclusive, origin: .cli)
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

    /// Starts a run for each number of `path`, a thousand per transaction.
    private func startAll(
        from path: String, definition: FlowDefinitionRecord, vars: LuaTable, exclusive: Bool, engine: EngineStore
    ) async throws {
        let data: Data
        do {
            data = path == "-" ? FileHandle.standardInput.readDataToEndOfFile() : try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            StandardError.write("moonwire: cannot read \(path): \(error.localizedDescription)")
            throw ExitCode(1)
        }
        var pending: [(line: Int, phone: String)] = []
        var invalid = 0
        for (index, raw) in String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let text = raw.split(separator: ",", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? ""
            let value = text.trimmingCharacters(in: .whitespacesAndNewlines)
            if value.isEmpty || value.hasPrefix("#") { continue }
            do throws(SMSCoreError) {
                pending.append((index + 1, try PhoneNumber.parse(value, region: engine.configuration.region).e164))
            } catch {
                let shown = value.count > 40 ? String(value.prefix(40)) + "…" : value
                StandardError.write("moonwire: \(path):\(index + 1): \(shown): \(error.message)")
                invalid += 1
            }
        }
        var started = 0
        var running = 0
        for start in stride(from: 0, to: pending.count, by: 1000) {
            let slice = pending[start..<min(start + 1000, pending.count)]
            let outcomes: [FlowEngine.StartOutcome]
            do throws(EngineError) {
                outcomes = try await FlowEngine.record(
                    store: engine.store, clock: engine.clock, flow: name, hash: definition.hash, phones: slice.map(\.phone),
                    vars: vars, exclusive: exclusive, origin: .cli)
            } catch {
                StandardError.write("moonwire: \(error.message) (\(started) run(s) started before this)")
                throw ExitCode(1)
            }
            for (entry, outcome) in zip(slice, outcomes) {
                switch outcome {
                case .started(let id):
                    print("\(id) \(entry.phone)")
                    started += 1
                case .refused(let existing):
                    StandardError.write(
                        "moonwire: \(path):\(entry.line): \(entry.phone) already runs \(name) (run \(existing.id ?? 0), \(existing.status.rawValue))")
                    running += 1
                }
            }
        }
        StandardError.write("moonwire: started \(started) run(s) of \(name); \(running) already running; \(invalid) invalid line(s)")
        if invalid > 0 { throw ExitCode(1) }
    }
}
