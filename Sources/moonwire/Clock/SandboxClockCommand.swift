import ArgumentParser
import Engine
import Foundation
import SMSCore
import Store

/// `moonwire sandbox clock show|advance|set`: the sandbox's virtual clock.
struct SandboxClockCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "clock",
        abstract: "Show or move the sandbox's virtual clock.",
        discussion: """
            With the sandbox provider, time is virtual: it is stored in the database, stands \
            still, and moves only when advanced, so days of a drip flow pass in a command. It \
            starts at MOONWIRE_NOW if set when the database first needs it, else at the real time \
            then. (MOONWIRE_CLOCK=system makes the sandbox use the system clock instead.)

            Examples:
              moonwire sandbox clock show
              moonwire sandbox clock advance 3d
              moonwire sandbox clock advance 1h30m
              moonwire sandbox clock set 2026-11-23T09:00:00+01:00
            """,
        subcommands: [SandboxClockShowCommand.self, SandboxClockAdvanceCommand.self, SandboxClockSetCommand.self])

    /// The store, its virtual clock; exits 1 with a reason when the configuration has none.
    static func open() throws -> (EngineStore, VirtualClock) {
        let engine = try EngineStore.open()
        guard let virtual = engine.clock as? VirtualClock else {
            StandardError.write(
                "moonwire: the clock is virtual only with the sandbox provider (MOONWIRE_PROVIDER=sandbox, "
                    + "MOONWIRE_CLOCK unset or virtual); now it is the system clock: \(engine.clock.now().formatted(.iso8601))")
            throw ExitCode(1)
        }
        return (engine, virtual)
    }

    /// The line the clock commands print: UTC, then Paris wall time.
    static func describe(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "Europe/Paris")
        formatter.dateFormat = "EEEE d MMMM yyyy HH:mm:ss"
        return "\(date.formatted(.iso8601)) (\(formatter.string(from: date)) Europe/Paris)"
    }
}

/// `moonwire sandbox clock show`.
struct SandboxClockShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Print the virtual time (UTC, then Paris time).",
        discussion: "With --json: {\"now\": \"2026-11-23T08:00:00Z\", \"unix\": 1795420800}.")

    @Flag(name: .long, help: "Print JSON.")
    var json = false

    func run() async throws {
        let (_, virtual) = try SandboxClockCommand.open()
        let now = virtual.now()
        if json {
            print("{\"now\":\"\(now.formatted(.iso8601))\",\"unix\":\(Int64(now.timeIntervalSince1970))}")
        } else {
            print(SandboxClockCommand.describe(now))
        }
    }
}

/// `moonwire sandbox clock advance DURATION`.
struct SandboxClockAdvanceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "advance",
        abstract: "Move the virtual clock forward, firing what falls due on the way.",
        discussion: """
            A running `moonwire serve` on the same database carries the advance out: it steps \
            the clock to each instant where something falls due (a sleeping flow's wake-up, an \
            ask's deadline, a schedule, a deferred send), in time order, and does it there, so \
            flow:now() and send times are those instants. This command waits until it is done, \
            then prints the new time. Without a running serve, the clock just moves: what fell \
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
        let requested = try await engine.run { () async throws(StoreError) in
            try await store.requestClockAdvance(seconds: seconds, seed: seed)
        }
        let deadline = Date().addingTimeInterval(wait)
        while true {
            guard let state = try await engine.run({ () async throws(StoreError) in try await store.virtualClockState() }) else { break }
            if state.now >= requested.target {
                print(SandboxClockCommand.describe(state.now))
                return
            }
            let serveRuns = state.serveSeenAt.map { Date().timeIntervalSince($0) < 3 } ?? false
            if !serveRuns {
                let target = state.target
                _ = try await engine.run { () async throws(StoreError) in try await store.finishClockAdvance(target: target) }
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

/// `moonwire sandbox clock set TIME`.
struct SandboxClockSetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "set",
        abstract: "Set the virtual clock to an instant (forward or back), firing nothing.",
        discussion: """
            For setting up a scenario (a Sunday afternoon, the eve of a holiday). Unlike \
            advance, what falls due in between is not fired on the way: it is simply due at \
            the new time. Times: ISO 8601 (2026-11-23T09:00:00+01:00), a Paris wall time \
            (2026-11-23 09:00), or Unix seconds.

            Example:
              moonwire sandbox clock set 2026-11-22T15:00:00+01:00
            """)

    @Argument(help: ArgumentHelp("The instant.", valueName: "time"))
    var time: String

    func run() async throws {
        let instant: Date
        do throws(EngineError) {
            instant = try ClockText.instant(time)
        } catch {
            StandardError.write("moonwire: \(error.message)")
            throw ExitCode(1)
        }
        let (engine, virtual) = try SandboxClockCommand.open()
        do throws(StoreError) {
            try await virtual.reset(to: instant)
        } catch {
            StandardError.write("moonwire: \(error.message)")
            throw ExitCode(1)
        }
        _ = engine
        print(SandboxClockCommand.describe(virtual.now()))
    }
}
