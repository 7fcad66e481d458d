import ArgumentParser
import Engine
import Foundation
import SMSCore
import Storage

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
        do throws(StorageError) {
            try await virtual.reset(to: instant)
        } catch {
            StandardError.write("moonwire: \(error.message)")
            throw ExitCode(1)
        }
        _ = engine
        print(SandboxClockCommand.describe(virtual.now()))
    }
}
