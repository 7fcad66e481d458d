import ArgumentParser
import Engine
import Foundation
import Logging
import LuaKit
import Providers
import Repl
import Server
import ServiceLifecycle
import Storage
import UnixSignals

/// `moonwire serve`: the daemon that runs plugins on inbound messages and sends what is due.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the plugins of a directory on inbound messages, and send what falls due.",
        discussion: """
            Loads every *.lua file of --plugins (default ./plugins), each in its own sandboxed \
            environment (require finds modules in the same directory). A plugin that fails to \
            load is reported with file:line and the others still run. Plugins register handlers \
            with on.keyword, on.reply and on.delivery, define flows with flows.define and \
            schedules with schedule.every and schedule.at.

            Then it runs until SIGINT or SIGTERM (finishing the handlers and sends in flight):
              - inbound: replies arrive from the provider (in the sandbox: `moonwire sandbox \
            reply`, from another shell), are stored once, then routed: STOP/START first \
            (opt-out policy: one confirmation, then nothing more until START), then on.keyword \
            handlers for the first word (case and accents ignored), else on.reply handlers;
              - outbound: every send goes through the outbox; deferred marketing sends go out \
            when the send window opens; sends interrupted by a crash are finished without \
            sending twice;
              - flows and schedules: a flow run waiting for a reply gets it before any keyword \
            handler; sleeping runs wake, asks time out and schedules fire when their time \
            comes; runs interrupted by a crash resume from their journal; schedules missed \
            while serve was down run once at start (unless defined with missed = "skip").
              - delivery reports (the sandbox reports each message delivered; Conerix posts \
            signed events to --http) run the on.delivery handlers.
            SIGHUP reloads the plugins; queued work is kept, and runs keep the flow version \
            they started with.

            Limits: each plugin has its own Lua state, memory ceiling (--memory) and budget per \
            run (--budget): one that loops or hoards memory fails with file:line in the log and \
            the others keep answering. A reply whose handler a limit stopped is routed again, \
            up to MOONWIRE_INBOUND_ATTEMPTS times (default 3), then set aside: see `moonwire \
            inbound failed`. A write refused after MOONWIRE_BUSY_TIMEOUT seconds (default 10) \
            because another process holds the database leaves the reply pending, routed again \
            later. SIGTERM exits within a few seconds even with a handler stuck.

            Time: with the sandbox provider the clock is virtual (stored in the database, \
            standing still); move it from another shell with `moonwire sandbox clock advance \
            3d` and serve fires what falls due on the way, in time order. \
            MOONWIRE_NOW=2026-11-22T15:00:00+01:00 sets where a new database's virtual clock \
            starts (with the other providers: the clock starts there and runs).

            Webhooks (--http PORT): POST /webhooks/conexteo?token=$CONEXTEO_WEBHOOK_TOKEN takes \
            Conexteo's replies (set the same URL in Conexteo's UI, Webhook > Réponses); POST \
            /webhooks/conerix takes Conerix events signed with $CONERIX_WEBHOOK_SECRET (the \
            endpoint's whsec_… secret). Both are stored once, then routed like polled replies.

            `moonwire repl --attach` opens a REPL session inside it, over a Unix socket \
            (owner-only) beside the database (moonwire.db -> moonwire.sock; --socket or \
            MOONWIRE_SOCKET to choose), removed on exit.

            Environment: MOONWIRE_DB, MOONWIRE_PROVIDER and the provider keys (see moonwire \
            --help), MOONWIRE_NOW, MOONWIRE_CLOCK=system (the sandbox on the system clock), \
            MOONWIRE_BUSY_TIMEOUT, MOONWIRE_INBOUND_ATTEMPTS.

            Example:
              moonwire serve --plugins plugins &
              moonwire sandbox reply --from +33612345678 "INFO"
              moonwire flows start welcome_drip +33612345678
              moonwire sandbox clock advance 3d
              moonwire sandbox messages
            """)

    @Option(name: .long, help: ArgumentHelp("The plugin directory.", valueName: "dir"))
    var plugins: String = "plugins"

    @Option(name: .long, help: ArgumentHelp("Seconds of Lua execution each plugin load and handler run may use.", valueName: "seconds"))
    var budget: Double = 5

    @Option(name: .long, help: ArgumentHelp("Memory ceiling of each plugin's Lua state, in MiB.", valueName: "MiB"))
    var memory: Int = 256

    @Option(
        name: .long,
        help: ArgumentHelp("Inbound messages handled at once (one at a time per number), and flow runs executed at once.", valueName: "n"))
    var concurrency: Int = 256

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Also receive provider webhooks on this port (0 picks a free one): POST /webhooks/conexteo?token=… "
                + "(replies) and /webhooks/conerix (signed delivery events).", valueName: "port"))
    var http: Int?

    @Option(name: .customLong("http-host"), help: ArgumentHelp("The address --http listens on.", valueName: "address"))
    var httpHost: String = "127.0.0.1"

    @Flag(name: .long, help: "Log each provider request and response on stderr (keys redacted).")
    var verbose = false

    @Option(name: .long, help: ArgumentHelp("The Unix socket `moonwire repl --attach` connects to (default: MOONWIRE_SOCKET, else beside the database).", valueName: "path"))
    var socket: String?

    func validate() throws {
        _ = try LimitArguments.limits(budget: budget, memory: memory)
        guard concurrency >= 1, concurrency <= 4096 else { throw ValidationError("--concurrency must be between 1 and 4096, got \(concurrency)") }
        if let http, !(0...65535).contains(http) { throw ValidationError("--http must be a port between 0 and 65535, got \(http)") }
    }

    func run() async throws {
        let limits = try LimitArguments.limits(budget: budget, memory: memory)
        let host: ScriptHost
        do throws(EngineError) {
            var configuration = try EngineConfiguration.fromEnvironment()
            configuration.limits = limits
            configuration.concurrency = concurrency
            configuration.verbose = verbose
            host = try ScriptHost(configuration: configuration)
        } catch {
            StandardError.write("moonwire: \(error.message)")
            throw ExitCode(1)
        }
        guard FileManager.default.fileExists(atPath: plugins) else {
            StandardError.write("moonwire: the plugin directory \(plugins) does not exist (give one with --plugins DIR)")
            throw ExitCode(1)
        }
        ServeCommand.report(await host.loadPlugins(from: plugins))
        let attach = await ServeCommand.listenForREPL(host: host, socket: socket)
        defer { attach?.stop() }
        let daemon = await Daemon(host: host)
        let reload = ServeCommand.reloadOnHangup(host: host, directory: plugins)
        defer { reload.cancel() }
        let ready = "moonwire serve: provider \(host.provider.name), database \(host.store.location); waiting for replies (Ctrl-C to stop)"
        var logger = Logger(label: "moonwire.serve")
        logger.logLevel = .warning
        // Listed last, so it stops first: no webhook is accepted once the daemon is stopping.
        var services: [any Service] = [DaemonService(daemon: daemon)]
        if let http { services.append(webhookServer(host: host, port: http)) }
        services.append(ReadinessService(line: ready))
        let group = ServiceGroup(
            configuration: .init(services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
        let routed = daemon.routed
        print("moonwire serve: stopped after routing \(routed.total) message(s)")
    }

    /// The webhook receiver of `--http`, storing into `host`'s store for the daemon to route.
    func webhookServer(host: ScriptHost, port: Int) -> WebhookServer {
        let environment = ProcessInfo.processInfo.environment
        let receiver = WebhookReceiver(
            store: host.store, region: host.configuration.region, conexteoToken: environment["CONEXTEO_WEBHOOK_TOKEN"],
            conerixSecret: environment["CONERIX_WEBHOOK_SECRET"], clock: host.services.clock)
        let address = httpHost
        return WebhookServer(receiver: receiver, host: address, port: port) { bound in
            print("moonwire serve: webhooks on http://\(address):\(bound) (POST /webhooks/conexteo?token=…, POST /webhooks/conerix)")
            if receiver.conexteoToken == nil {
                StandardError.write("moonwire: CONEXTEO_WEBHOOK_TOKEN is not set: /webhooks/conexteo answers 503")
            }
            if receiver.conerixSecret == nil {
                StandardError.write("moonwire: CONERIX_WEBHOOK_SECRET is not set: /webhooks/conerix answers 503")
            }
            fflush(nil)
        }
    }

    /// The socket `moonwire repl --attach` connects to; serve runs without it (saying why) when
    /// it cannot be had: REPL sessions are a convenience, routing and sending are the job.
    static func listenForREPL(host: ScriptHost, socket: String?) async -> AttachServer? {
        let path = socket ?? AttachServer.defaultPath(databasePath: host.store.location)
        do {
            let server = try await AttachServer.start(host: host, path: path, budget: host.runtime.limits.runBudget)
            StandardError.write("moonwire: REPL sessions: moonwire repl --attach \(server.path)")
            return server
        } catch {
            StandardError.write("moonwire: no REPL sessions: \((error as? AttachError)?.message ?? "\(error)")")
            return nil
        }
    }

    /// One line per plugin on stderr: loaded with its handler count, or why it failed.
    static func report(_ statuses: [PluginStatus]) {
        for status in statuses {
            if let error = status.error {
                StandardError.write("moonwire: plugin \(status.name) failed to load: \(error)")
            } else {
                var parts = ["\(status.handlers) handler\(status.handlers == 1 ? "" : "s")"]
                if !status.flows.isEmpty { parts.append("flows: " + status.flows.joined(separator: ", ")) }
                if !status.schedules.isEmpty { parts.append("schedules: " + status.schedules.joined(separator: ", ")) }
                StandardError.write("moonwire: plugin \(status.name) loaded (\(parts.joined(separator: ", ")))")
            }
        }
        if statuses.isEmpty { StandardError.write("moonwire: no plugins found; replies will only get the opt-out policy") }
    }

    /// Reloads the plugins on SIGHUP.
    static func reloadOnHangup(host: ScriptHost, directory: String) -> any DispatchSourceSignal {
        signal(SIGHUP, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: SIGHUP)
        source.setEventHandler {
            Task {
                StandardError.write("moonwire: SIGHUP: reloading plugins from \(directory)")
                report(await host.loadPlugins(from: directory))
            }
        }
        source.resume()
        return source
    }
}

/// Says serve is ready once the group runs, that is once SIGTERM and SIGINT are trapped: a
/// script that signals as soon as it reads the line gets a graceful stop, not a kill.
struct ReadinessService: Service {
    let line: String

    func run() async throws {
        print(line)
        fflush(nil)  // the line is read by scripts waiting for readiness
        try? await gracefulShutdown()
    }
}

/// The daemon as a service: a graceful shutdown lets it finish what is in flight, for a while.
struct DaemonService: Service {
    let daemon: Daemon

    /// How long a stop may take before the process exits anyway: a handler stuck in a call that
    /// cannot be interrupted must not make SIGTERM useless. Its message stays pending (the
    /// attempt counted), so it is routed again at the next start, and set aside after a few.
    static let stopDeadline: TimeInterval = 4

    func run() async throws {
        await withGracefulShutdownHandler {
            await daemon.run()
        } onGracefulShutdown: {
            daemon.stop()
            DaemonService.exitAfterDeadline()
        }
    }

    /// Starts a thread that ends the process if it is still running after ``stopDeadline``, with
    /// status 1: a supervisor sees that the stop was forced, not clean.
    static func exitAfterDeadline() {
        let thread = Thread {
            Thread.sleep(forTimeInterval: stopDeadline)
            StandardError.write(
                "moonwire: serve did not stop within \(Int(stopDeadline)) s (a handler is stuck); exiting with status 1: "
                    + "the messages it was routing stay pending")
            fflush(nil)
            _exit(1)
        }
        thread.name = "moonwire.stop-deadline"
        thread.start()
    }
}
