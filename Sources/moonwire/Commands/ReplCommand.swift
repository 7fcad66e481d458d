import ArgumentParser
import Engine
import Foundation
import LuaKit
import Providers
import Repl
import Storage
import StorageBackends

/// `moonwire repl`: Lua at a prompt, in the runtime `serve` uses (or inside a running serve).
struct ReplCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "repl",
        abstract: "An interactive Lua prompt with the Moonwire bindings, the plugins and operator helpers.",
        discussion: """
            The same runtime as serve: the bindings, the database, the provider and the \
            policy; the plugins of --plugins (default ./plugins, when it exists) are loaded and \
            their handlers registered. With --serve, inbound messages are routed and due sends \
            go out while you type.

            As in lua: an expression prints its value (1+1, =x); an unfinished chunk continues \
            on a ">>" prompt; an error prints stdin:LINE: message and a traceback, and the \
            session goes on. Tables print nested, with cycles marked and long lists cut short.

            Keys: Tab completes globals and fields (sms.seg<Tab>), Up/Down walk the history \
            (kept in $MOONWIRE_HISTORY, default ~/.moonwire_history; empty to keep none), \
            Ctrl-R searches it, Ctrl-C interrupts a running chunk or clears the line, Ctrl-D \
            on an empty line exits.

            Helpers: help(), plugins(), runs(), pending(), inbox(n), advance(d) (sandbox).

            When standard input is not a terminal, chunks are read from it and their results \
            printed; the exit status is 1 if any failed. -e CHUNK evaluates CHUNK and exits.

            --attach [SOCKET] opens a session inside a running `moonwire serve`, on the Unix \
            socket it listens on (default: MOONWIRE_SOCKET, else beside MOONWIRE_DB: \
            moonwire.sock). The session's globals are its own (plugins do not see them) and \
            its print comes back here.

            Examples:
              moonwire repl
              printf 'x = 20\\nx + 22\\n' | moonwire repl
              moonwire repl -e 'sms.segments("Bonjour ça va ?")'
              moonwire repl --serve --plugins plugins
              moonwire repl --attach
            """)

    @Option(name: .long, help: ArgumentHelp("The plugin directory (default ./plugins, if it exists).", valueName: "dir"))
    var plugins: String?

    @Flag(name: .long, help: "Load no plugins.")
    var noPlugins = false

    @Flag(name: .long, help: "Also route inbound messages and send what falls due, as serve does.")
    var serve = false

    @Option(
        name: .customShort("e"), parsing: .unconditionalSingleValue,
        help: ArgumentHelp("Evaluate CHUNK, print its values and exit (repeatable).", valueName: "chunk"))
    var chunks: [String] = []

    @Flag(name: .long, help: "Open the session inside a running moonwire serve (on SOCKET).")
    var attach = false

    @Argument(help: ArgumentHelp("With --attach: serve's socket.", valueName: "socket"))
    var socket: String?

    @Option(name: .long, help: ArgumentHelp("Seconds of Lua execution each plugin load and handler run may use (chunks typed here have no limit: Ctrl-C stops them).", valueName: "seconds"))
    var budget: Double = 5

    @Option(name: .long, help: ArgumentHelp("Memory ceiling of the Lua state, in MiB.", valueName: "MiB"))
    var memory: Int = 256

    @Flag(name: .long, help: "Log each provider request and response on stderr (keys redacted).")
    var verbose = false

    func validate() throws {
        _ = try LimitArguments.limits(budget: budget, memory: memory)
        if socket != nil, !attach { throw ValidationError("a socket path is only taken with --attach (moonwire repl --attach SOCKET)") }
        if attach, serve || plugins != nil || noPlugins {
            throw ValidationError("--attach uses the plugins and loops of the serve it attaches to: drop --serve, --plugins and --no-plugins")
        }
    }

    func run() async throws {
        let interactive = chunks.isEmpty && Terminal.isInteractive
        let editor = interactive ? LineEditor(terminal: Terminal(), history: History(path: History.defaultPath(environment: ProcessSettings.environment))) : nil
        let console = ReplConsole(editor: editor)
        let status = attach
            ? try await runAttached(console: console, editor: editor)
            : try await runLocal(console: console, editor: editor)
        if status != 0 { throw ExitCode(status) }
    }

    /// Evaluates in this process, over a script host of its own.
    func runLocal(console: ReplConsole, editor: LineEditor?) async throws -> Int32 {
        let limits = try LimitArguments.limits(budget: budget, memory: memory)
        let host: ScriptHost
        let session: ReplEnvironment
        do throws(EngineError) {
            var configuration = try EngineConfiguration.fromEnvironment(ProcessSettings.environment, allowsMemoryDatabase: true)
            configuration.limits = limits
            configuration.verbose = verbose
            configuration.output = { text in console.write(text) }
            host = try ScriptHost(configuration: configuration)
            if !noPlugins { try await loadPlugins(into: host, console: console, verbose: editor != nil) }
            session = try await ReplRuntime(host: host).makeSession(roots: [FileManager.default.currentDirectoryPath])
        } catch {
            StandardError.write("moonwire: \(error.message)")
            return 1
        }
        if editor != nil {
            console.write(
                "Moonwire \(Moonwire.configuration.version) REPL (Lua 5.4): provider \(host.provider.name), "
                    + "database \(host.store.location)\(serve ? ", serving" : "")\n"
                    + "help() lists the helpers; Tab completes, Ctrl-R searches the history, Ctrl-D exits.\n")
        }
        let daemon = serve ? await Daemon(host: host) : nil
        let loops = daemon.map { daemon in Task { await daemon.run() } }
        let status = await loop(session: session, console: console, editor: editor)
        if let daemon, let loops {
            daemon.stop()
            await loops.value
        }
        session.close()
        return status
    }

    /// Evaluates inside the serve listening on the socket.
    func runAttached(console: ReplConsole, editor: LineEditor?) async throws -> Int32 {
        let path = socket ?? AttachServer.defaultPath(
            databasePath: StorageBackends.defaultLocation(environment: ProcessSettings.environment),
            environment: ProcessSettings.environment)
        let session: AttachedSession
        do throws(AttachError) {
            session = try AttachedSession(path: path, output: { text in console.write(text) })
        } catch {
            StandardError.write("moonwire: \(error.message)")
            return 1
        }
        defer { session.close() }
        if editor != nil {
            let hello = session.hello
            console.write(
                "Attached to moonwire serve (pid \(hello.pid ?? 0)): provider \(hello.provider ?? "?"), database "
                    + "\(hello.database ?? "?")\nGlobals set here are this session's own; help() lists the helpers; Ctrl-D detaches.\n")
        }
        return await loop(session: session, console: console, editor: editor)
    }

    func loop(session: any ReplSession, console: ReplConsole, editor: LineEditor?) async -> Int32 {
        let loop = ReplLoop(session: session, console: console)
        let interrupts = loop.handleInterrupts(exitWhenIdle: editor == nil && chunks.isEmpty)
        defer { interrupts.cancel() }
        if !chunks.isEmpty { return await loop.run(chunks: chunks) }
        if let editor { return await loop.runInteractive(editor: editor) }
        return await loop.runPiped()
    }

    /// Loads --plugins (or ./plugins when it exists); failures are reported, successes only at a terminal.
    func loadPlugins(into host: ScriptHost, console: ReplConsole, verbose: Bool) async throws(EngineError) {
        let directory = plugins ?? "plugins"
        guard FileManager.default.fileExists(atPath: directory) else {
            guard plugins == nil else {
                throw EngineError(
                    code: "plugins_not_found",
                    message: "the plugin directory \(directory) does not exist (give one with --plugins DIR, or --no-plugins)")
            }
            return
        }
        for status in await host.loadPlugins(from: directory) {
            if let error = status.error {
                console.writeError("moonwire: plugin \(status.name) failed to load: \(error)")
            } else if verbose {
                console.writeError("moonwire: plugin \(status.name) loaded (\(status.handlers) handler\(status.handlers == 1 ? "" : "s"))")
            }
        }
    }
}
