import ArgumentParser
import Engine
import Foundation
import LuaKit

/// `moonwire run FILE [ARGS...]`: runs one Lua script with the Moonwire bindings.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a Lua script with the Moonwire bindings.",
        discussion: """
            The script runs as a coroutine in a sandbox: print writes to stdout; sms.send, \
            sms.segments, sms.normalize and clock.now are available; require loads files from \
            the script's directory. ARGS reach the script as `...` and in the `arg` table \
            (arg[0] is the script path), as with `lua`.

            The exit status is 0 when the script ends normally. An uncaught error prints \
            `file:line: message` and a traceback on stderr and exits with status 1; so does a \
            script that runs past its time budget or memory ceiling.

            Example:
              moonwire run examples/hello.lua +33612345678
            """)

    @Option(name: .long, help: ArgumentHelp("Seconds of Lua execution the script may use (time spent waiting on sends does not count).", valueName: "seconds"))
    var budget: Double = 5

    @Option(name: .long, help: ArgumentHelp("Memory ceiling of the Lua state, in MiB.", valueName: "MiB"))
    var memory: Int = 256

    @Argument(help: ArgumentHelp("The Lua script to run.", valueName: "file"))
    var file: String

    @Argument(parsing: .captureForPassthrough, help: ArgumentHelp("Arguments passed to the script.", valueName: "args"))
    var arguments: [String] = []

    func validate() throws {
        _ = try LimitArguments.limits(budget: budget, memory: memory)
    }

    func run() async throws {
        let limits = try LimitArguments.limits(budget: budget, memory: memory)
        // Checked before the database opens: reading a directory fails with a Foundation code
        // that says nothing to the user.
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: file, isDirectory: &isDirectory), isDirectory.boolValue {
            StandardError.write(
                "moonwire: \(file) is a directory, not a Lua script: give the script's file, e.g. moonwire run examples/hello.lua")
            throw ExitCode(1)
        }
        do {
            var configuration = try EngineConfiguration.fromEnvironment(ProcessSettings.environment)
            configuration.limits = limits
            let host = try ScriptHost(configuration: configuration)
            _ = try await host.runFile(file, arguments: arguments)
            await host.flows.idle()  // flows the script started reach their first sleep or ask
        } catch let error as LuaError {
            StandardError.write("moonwire: " + ScriptFailure.describe(error))
            throw ExitCode(1)
        } catch let error as EngineError {
            StandardError.write("moonwire: \(error.message)")
            throw ExitCode(1)
        }
    }
}
