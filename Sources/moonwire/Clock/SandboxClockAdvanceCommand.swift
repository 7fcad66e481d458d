import ArgumentParser
import Engine
import Foundation
import SMSCore
import Storage

/// `moonwire sandbox clock advance DURATION`.
struct SandboxClockAdvanceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "advance",
        abstract: "Move the virtual clock forward, firing what falls due on the way.",
        discussion: """
            A running `moonwire serve` on the same database carries the advance out: it steps \
            the clock to each instant where something falls due (a sleeping flow's wake-up, an \
            ask's deadline, a schedule, a deferred send), in time order, and does it there, so \
            flow:now() and send times are those instants. With several serves on one PostgreSQL \
            database, one of them walks the clock (under the `clock` lease; another takes over \
            if it dies) and each due instant is done once across them. This command waits until \
            it is done, then prints the new time. Without a running serve, the clock just moves: what fell \
            due runs when serve starts, at the new time.

            Durations: 90s, 45m, 3d, 2w, 1h30m, or seconds.

            Examples:
              moonwire sandbox clock advance 3d
              moonwire sandbox clock advance 1d12h
            """)

    @Argument(help: ArgumentHelp("How far to move the clock.", valueName: "duration"))
    var duration: String

    @Option(name: .long, help: ArgumentHelp("Seconds to wait for serve to carry the advance out.", valueName: "seconds"))
    var wait: Double = 300

    func run() async throws {
        let parsed: Duration
        do throws(EngineError) {
            parsed = try ClockText.duration(duration)
        } catch {
            StandardError.write("moonwire: \(error.message)")
            throw ExitCode(1)
        }
        let (engine, virtual) = try SandboxClockCommand.open()
        let store = engine.store
        let seconds = Double(parsed.components.seconds) + Double(parsed.components.attoseconds) / 1e18
        let seed = virtual.now()
        let requested = try await engine.run { () async throws(StorageError) in
            try await store.requestClockAdvance(seconds: seconds, seed: seed)
        }
        let deadline = Date().addingTimeInterval(wait)
        while true {
            guard let state = try await engine.run({ () async throws(StorageError) in try await store.virtualClockState() }) else { break }
            if state.now >= requested.target {
                print(SandboxClockCommand.describe(state.now))
                return
            }
            let serveRuns = state.serveSeenAt.map { Date().timeIntervalSince($0) < 3 } ?? false
            if !serveRuns {
                let target = state.target
                _ = try await engine.run { () async throws(StorageError) in try await store.finishClockAdvance(target: target) }
                print(SandboxClockCommand.describe(target))
                StandardError.write(
                    "moonwire: no `moonwire serve` runs on \(engine.configuration.databasePath): the clock moved; what fell "
                        + "due runs when serve starts")
                return
            }
            if Date() > deadline {
                StandardError.write("moonwire: serve did not finish the advance within \(Int(wait)) s; it goes on in the background")
                throw ExitCode(1)
            }
            try await Task.sleep(for: .milliseconds(50))
        }
    }
}
