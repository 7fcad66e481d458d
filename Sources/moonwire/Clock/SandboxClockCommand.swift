import ArgumentParser
import Engine
import Foundation
import SMSCore
import Storage

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
