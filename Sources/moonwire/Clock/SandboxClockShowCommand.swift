import ArgumentParser
import Engine
import Foundation
import SMSCore
import Storage

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
