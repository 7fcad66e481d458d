import ArgumentParser
import Engine
import Foundation
import Logging
import LuaKit
import Providers
import Repl
import Server
import ServiceLifecycle
import Settings
import Storage

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
            they started with; it then replays the live runs on the new code (as `moonwire \
            flows check`) and logs each run that would diverge there.

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

            Operating it: GET /metrics on --http (or on --metrics PORT of its own) is in \
            Prometheus' text format: sends by provider and outcome, provider latency, retries, \
            outbox depth, inbound by source, routed by route, handler errors, watchdog kills \
            and Lua time by plugin, flow runs by flow and status, timers, schedule fires. \
            --log-format json writes one JSON object per line on stderr (time, level, message, \
            plugin, run, phone as its last 4 digits); no key, token or password is ever logged. \
            `moonwire status` shows the database's side (outbox, inbound, live runs, next due).

            A fleet: with MOONWIRE_DB=postgres://… several serve (on one host or many) share \
            the work. Each prints its worker id (host:pid:random) when ready and heartbeats every 5 s, \
            renewing for 30 s what it holds (sends in flight, runs, schedule fires, replies); \
            when one dies the others take its work over 30 s later, one number's replies go to \
            one instance at a time in order, and Conexteo's reply poller and the on.delivery \
            handlers run on one instance at a time. `moonwire fleet` lists the instances; \
            `moonwire db migrate` upgrades the schema beforehand.

            Configuration: every option above is also a key of moonwire.toml's [serve] table \
            and an environment variable (serve.http, MOONWIRE_HTTP...); flags win over the \
            environment, which wins over the file. MOONWIRE_DB, MOONWIRE_PROVIDER, the provider \
            keys, MOONWIRE_NOW, MOONWIRE_CLOCK=system (the sandbox on the system clock), \
            MOONWIRE_BUSY_TIMEOUT and MOONWIRE_INBOUND_ATTEMPTS likewise: `moonwire config` \
            lists them all with where each value came from.

            Example:
              moonwire serve --plugins plugins &
              moonwire sandbox reply --from +33612345678 "INFO"
              moonwire flows start welcome_drip +33612345678
              moonwire sandbox clock advance 3d
              moonwire sandbox messages
            """)

    // Every option is also a key of moonwire.toml and an environment variable (`moonwire config`
    // lists them); a flag given here wins over both, so none has a default of its own.
    @Option(name: .long, help: ArgumentHelp("The plugin directory (serve.plugins, MOONWIRE_PLUGINS; default plugins).", valueName: "dir"))
    var plugins: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Seconds of Lua execution each plugin load and handler run may use (serve.budget, MOONWIRE_BUDGET; default 5).",
            valueName: "seconds"))
    var budget: Double?

    @Option(
        name: .long,
        help: ArgumentHelp("Memory ceiling of each plugin's Lua state, in MiB (serve.memory, MOONWIRE_MEMORY; default 256).", valueName: "MiB"))
    var memory: Int?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Inbound messages handled at once (one at a time per number), and flow runs executed at once "
                + "(serve.concurrency, MOONWIRE_CONCURRENCY; default 256).", valueName: "n"))
    var concurrency: Int?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Also receive provider webhooks on this port (0 picks a free one): POST /webhooks/conexteo?token=… "
                + "(replies) and /webhooks/conerix (signed delivery events); GET /metrics there too (serve.http, MOONWIRE_HTTP).",
            valueName: "port"))
    var http: Int?

    @Option(
        name: .customLong("http-host"),
        help: ArgumentHelp("The address --http and --metrics listen on (serve.http_host; default 127.0.0.1).", valueName: "address"))
    var httpHost: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Serve GET /metrics (Prometheus text) on this port of its own, for when --http is not used (serve.metrics, "
                + "MOONWIRE_METRICS).", valueName: "port"))
    var metrics: Int?

    @Option(
        name: .customLong("log-format"),
        help: ArgumentHelp(
            "text (moonwire: … lines) or json (one object per line on stderr: time, level, message, plugin, run, "
                + "phone as its last 4 digits) (serve.log_format, MOONWIRE_LOG_FORMAT; default text).", valueName: "format"))
    var logFormat: String?

    @Option(
        name: .customLong("log-level"),
        help: ArgumentHelp(
            "trace, debug, info, notice, warning, error or critical (serve.log_level, MOONWIRE_LOG_LEVEL; default info "
                + "in json; the engine's warnings only in text).", valueName: "level"))
    var logLevel: String?

    @Flag(name: .long, help: "Log each provider request and response on stderr (keys redacted).")
    var verbose = false

    @Option(name: .long, help: ArgumentHelp("The Unix socket `moonwire repl --attach` connects to (default: MOONWIRE_SOCKET, else beside the database).", valueName: "path"))
    var socket: String?

    func validate() throws {
        let settings: MoonwireSettings
        do throws(SettingsError) {
            settings = try self.settings()
        } catch {
            throw ValidationError(error.message)
        }
        _ = try LimitArguments.limits(budget: settings.budget, memory: settings.memory)
    }

    /// The process's settings with this command's flags over them.
    func settings() throws(SettingsError) -> MoonwireSettings {
        try ProcessSettings.current
            .overriding(.servePlugins, with: plugins, flag: "--plugins")
            .overriding(.serveBudget, with: budget.map { String($0) }, flag: "--budget")
            .overriding(.serveMemory, with: memory.map { String($0) }, flag: "--memory")
            .overriding(.serveConcurrency, with: concurrency.map { String($0) }, flag: "--concurrency")
            .overriding(.serveHTTP, with: http.map { String($0) }, flag: "--http")
            .overriding(.serveHTTPHost, with: httpHost, flag: "--http-host")
            .overriding(.socket, with: socket, flag: "--socket")
            .overriding(.serveMetrics, with: metrics.map { String($0) }, flag: "--metrics")
            .overriding(.serveLogFormat, with: logFormat, flag: "--log-format")
            .overriding(.serveLogLevel, with: logLevel, flag: "--log-level")
    }

    func run() async throws {
        let settings: MoonwireSettings
        do throws(SettingsError) {
            settings = try self.settings()
        } catch {
            StandardError.write("moonwire: \(error.message)")
            throw ExitCode(1)
        }
        let log = ServeLog(settings: settings)
        let plugins = settings[.servePlugins] ?? "plugins"
        let limits = try LimitArguments.limits(budget: settings.budget, memory: settings.memory)
        let host: ScriptHost
        do throws(EngineError) {
            var configuration = try EngineConfiguration.fromEnvironment(settings.environment)
            configuration.limits = limits
            configuration.concurrency = settings.concurrency
            configuration.verbose = verbose
            configuration.logger = log.engineLogger
            if log.isJSON { configuration.output = { text in log.output(text) } }
            host = try ScriptHost(configuration: configuration)
        } catch {
            log.warning(error.message)
            throw ExitCode(1)
        }
        guard FileManager.default.fileExists(atPath: plugins) else {
            log.warning("the plugin directory \(plugins) does not exist (give one with --plugins DIR)")
            throw ExitCode(1)
        }
        let metrics = MetricsExporter.bootstrap(store: host.store)
        ServeCommand.report(await host.loadPlugins(from: plugins), log: log)
        let attach = await ServeCommand.listenForREPL(host: host, socket: settings[.socket], log: log)
        defer { attach?.stop() }
        let daemon = await Daemon(host: host)
        let reload = ServeCommand.reloadOnHangup(host: host, directory: plugins, log: log)
        defer { reload.cancel() }
        // The database as shown anywhere: a PostgreSQL URL's password masked.
        let ready =
            "moonwire serve: provider \(host.provider.name), database \(host.store.location) (\(host.store.backend)), "
            + "worker \(daemon.workerID); waiting for replies (Ctrl-C to stop)"
        var logger = Logger(label: "moonwire.serve")
        logger.logLevel = .warning
        // Listed last, so it stops first: no webhook is accepted once the daemon is stopping.
        var services: [any Service] = [DaemonService(daemon: daemon)]
        let address = settings[.serveHTTPHost] ?? "127.0.0.1"
        if let http = settings.httpPort {
            services.append(webhookServer(host: host, port: http, address: address, settings: settings, metrics: metrics, log: log))
        }
        if let port = settings.metricsPort {
            services.append(
                WebhookServer(receiver: nil, metrics: { await metrics.exposition() }, host: address, port: port) { bound in
                    log.announce("moonwire serve: metrics on http://\(address):\(bound)/metrics")
                })
        }
        services.append(ReadinessService(line: ready, log: log))
        let group = ServiceGroup(configuration: .init(services: services, logger: logger))
        // SIGTERM and SIGINT stop the group through SignalPipe (a real handler), not a dispatch
        // signal source, which can lose a signal another thread takes first.
        let stops = [SIGTERM, SIGINT].map { number in
            SignalPipe.watch(number) { Task { await group.triggerGracefulShutdown() } }
        }
        defer { stops.forEach { $0.cancel() } }
        try await group.run()
        let routed = daemon.routed
        log.announce("moonwire serve: stopped after routing \(routed.total) message(s)")
    }

    /// The webhook receiver of `--http`, storing into `host`'s store for the daemon to route, and
    /// `GET /metrics`.
    func webhookServer(
        host: ScriptHost, port: Int, address: String, settings: MoonwireSettings, metrics: MetricsExporter, log: ServeLog
    ) -> WebhookServer {
        let receiver = WebhookReceiver(
            store: host.store, region: host.configuration.region, conexteoToken: settings[.conexteoWebhookToken],
            conerixSecret: settings[.conerixWebhookSecret], clock: host.services.clock)
        return WebhookServer(receiver: receiver, metrics: { await metrics.exposition() }, host: address, port: port) { bound in
            log.announce(
                "moonwire serve: webhooks on http://\(address):\(bound) (POST /webhooks/conexteo?token=…, POST /webhooks/conerix; "
                    + "GET /metrics)")
            if receiver.conexteoToken == nil {
                log.warning("CONEXTEO_WEBHOOK_TOKEN is not set: /webhooks/conexteo answers 503")
            }
            if receiver.conerixSecret == nil {
                log.warning("CONERIX_WEBHOOK_SECRET is not set: /webhooks/conerix answers 503")
            }
            fflush(nil)
        }
    }

    /// The socket `moonwire repl --attach` connects to; serve runs without it (saying why) when
    /// it cannot be had: REPL sessions are a convenience, routing and sending are the job.
    static func listenForREPL(host: ScriptHost, socket: String?, log: ServeLog) async -> AttachServer? {
        let path = socket ?? AttachServer.defaultPath(databasePath: host.store.location, environment: ProcessSettings.environment)
        do {
            let server = try await AttachServer.start(host: host, path: path, budget: host.runtime.limits.runBudget)
            log.info("REPL sessions: moonwire repl --attach \(server.path)")
            return server
        } catch {
            log.warning("no REPL sessions: \((error as? AttachError)?.message ?? "\(error)")")
            return nil
        }
    }

    /// One line per plugin: loaded with its handler count, or why it failed.
    static func report(_ statuses: [PluginStatus], log: ServeLog) {
        for status in statuses {
            if let error = status.error {
                log.warning("plugin \(status.name) failed to load: \(error)")
            } else {
                var parts = ["\(status.handlers) handler\(status.handlers == 1 ? "" : "s")"]
                if !status.flows.isEmpty { parts.append("flows: " + status.flows.joined(separator: ", ")) }
                if !status.schedules.isEmpty { parts.append("schedules: " + status.schedules.joined(separator: ", ")) }
                log.info("plugin \(status.name) loaded (\(parts.joined(separator: ", ")))")
            }
        }
        if statuses.isEmpty { log.warning("no plugins found; replies will only get the opt-out policy") }
    }

    /// Reloads the plugins on SIGHUP.
    static func reloadOnHangup(host: ScriptHost, directory: String, log: ServeLog) -> any DispatchSourceRead {
        SignalPipe.watch(SIGHUP) {
            Task {
                log.info("SIGHUP: reloading plugins from \(directory)")
                report(await host.loadPlugins(from: directory), log: log)
                await checkFlows(host: host, directory: directory, log: log)
            }
        }
    }
}

extension ServeCommand {
    /// After a reload: replays the live runs against the new code (as `moonwire flows check`)
    /// and logs those that would diverge. They are not touched: each run is pinned to the source
    /// it started with and keeps replaying on it.
    static func checkFlows(host: ScriptHost, directory: String, log: ServeLog) async {
        let report: FlowChecker.Report
        do throws(EngineError) {
            report = try await FlowChecker(limits: host.runtime.limits).check(store: host.store, plugins: directory)
        } catch {
            log.warning("flows check after the reload failed: \(error.message)")
            return
        }
        for finding in report.findings {
            log.warning(
                "flows check: \(finding.message); the run keeps the version it started with (runs are pinned to their source)")
        }
        log.info("flows check: \(report.checked) live run(s) replayed on the new code, \(report.findings.count) would diverge")
    }
}

/// Says serve is ready once the group runs (SIGTERM and SIGINT are trapped before it starts): a
/// script that signals as soon as it reads the line gets a graceful stop, not a kill.
struct ReadinessService: Service {
    let line: String
    let log: ServeLog

    func run() async throws {
        log.announce(line)  // flushed: the line is read by scripts waiting for readiness
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
