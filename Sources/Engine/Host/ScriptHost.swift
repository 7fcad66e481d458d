import Foundation
import LuaKit
import Logging
import Providers
import SMSCore
import SandboxStore
import Storage
import StorageBackends
import Synchronization

/// The automation runtime as `moonwire run` and `moonwire serve` use it: a Lua runtime for
/// scripts and the REPL and one per plugin, the store, a provider, a clock and the dispatcher,
/// and the Moonwire bindings installed in every script and plugin environment.
public final class ScriptHost: Sendable {
    /// The Lua runtime scripts and the REPL run in (each plugin has its own: ``pluginRuntimes``).
    public let runtime: LuaRuntime
    /// ``runtime`` with what the engine caches per state.
    let hostRuntime: PluginRuntime
    /// The runtime of each plugin the last load loaded, by file name.
    let loadedRuntimes = Mutex<[String: PluginRuntime]>([:])
    /// The database.
    public let store: any EngineStorage
    /// Where sends go.
    public let provider: any MessagingProvider
    /// What "now" is.
    public let clock: any TimeSource
    /// The configuration the host was made from.
    public let configuration: EngineConfiguration
    /// The dispatcher, policy and handler registry bindings share.
    public let services: EngineServices
    /// Durable flows, schedules and the clock's advances.
    public let flows: FlowEngine

    /// Opens the store, picks the provider and starts a Lua runtime.
    /// - Parameters:
    ///   - clock: overrides the configuration's clock (the sandbox's virtual clock, or
    ///     `configuration.clock`).
    ///   - storage: an open database to use instead of opening `configuration.databasePath` (a
    ///     copy of a migrated template, for `moonwire test`).
    public init(
        configuration: EngineConfiguration, clock: (any TimeSource)? = nil, storage: StorageBackends? = nil
    ) throws(EngineError) {
        self.configuration = configuration
        let backends: StorageBackends
        if let storage {
            backends = storage
        } else {
            do throws(StorageError) {
                backends = try StorageBackends(location: configuration.databasePath, busyTimeout: configuration.busyTimeout)
            } catch {
                throw EngineError(code: error.code.rawValue, message: error.message)
            }
        }
        let store = backends.engine
        self.store = store
        let chosen: any TimeSource
        if let clock { chosen = clock } else { chosen = try configuration.makeClock(store: store) }
        let clock = chosen
        self.clock = clock
        provider = try ScriptHost.makeProvider(for: configuration, engine: store, sandbox: backends.sandbox, clock: clock)
        var logger = Logger(label: "moonwire.engine") { label in StreamLogHandler.standardError(label: label) }
        logger.logLevel = configuration.verbose ? .debug : .warning
        if let given = configuration.logger { logger = given }
        services = EngineServices(
            store: store, sandbox: backends.sandbox, provider: provider, clock: clock, region: configuration.region,
            policy: configuration.policy,
            http: configuration.httpTransport
                ?? OutboundHTTPClient(
                    policy: configuration.httpAllow, resolver: configuration.hostResolver ?? SystemHostResolver(), logger: logger),
            logger: logger)
        let runtime: LuaRuntime
        do throws(LuaError) {
            runtime = try LuaRuntime(limits: configuration.limits, output: configuration.output)
        } catch {
            throw EngineError(code: "lua_failed", message: "cannot start Lua: \(error.message)")
        }
        self.runtime = runtime
        hostRuntime = PluginRuntime(plugin: nil, runtime: runtime)
        flows = FlowEngine(services: services, budget: nil, concurrency: configuration.concurrency)
        flows.versionLoader.withLock { loader in
            loader = { [weak self] name, hash in await self?.loadFlowVersion(name: name, hash: hash) }
        }
    }

    /// The provider `configuration.provider` names, with its keys from the environment
    /// (``ProviderFactory``).
    public static func makeProvider(
        for configuration: EngineConfiguration, engine: any EngineStorage,
        sandbox: @Sendable () throws(StorageError) -> any SandboxStorage, clock: any TimeSource = SystemTimeSource()
    ) throws(EngineError) -> any MessagingProvider {
        do throws(ProviderError) {
            return try ProviderFactory.make(
                name: configuration.provider, environment: configuration.environment, engine: engine, sandbox: sandbox,
                clock: clock, verbose: configuration.verbose)
        } catch {
            throw EngineError(code: error.code, message: error.message)
        }
    }

    /// The runtime of each loaded plugin, by file name.
    public var pluginRuntimes: [String: LuaRuntime] { loadedRuntimes.withLock { $0.mapValues(\.runtime) } }

    /// A fresh sandboxed environment with the Moonwire bindings, in the host's runtime; `roots`
    /// are the directories `require`, `dofile` and `loadfile` may read.
    /// - Parameters:
    ///   - plugin: the plugin file the environment is for (handlers are registered under it).
    ///   - source: the code that will run in it: flows it defines are pinned to its hash. Without
    ///     it (a REPL), runs follow the flow's current definition.
    public func makeEnvironment(roots: [String] = [], plugin: String? = nil, source: [UInt8]? = nil) async throws(LuaError)
        -> LuaReference
    {
        try await makeEnvironment(roots: roots, plugin: plugin, sourceHash: source.map(ScriptHost.sourceHash), collector: nil)
    }

    func makeEnvironment(
        roots: [String], plugin: String?, sourceHash: String?, collector: FlowCollector?, in owner: PluginRuntime? = nil
    ) async throws(LuaError) -> LuaReference {
        let services = self.services
        let flows = self.flows
        let owner = owner ?? hostRuntime
        do {
            return try await owner.runtime.withState { state in
                let reply = owner.replyFunction(in: state, services: services)
                var bindings = Bindings(services: services, plugin: plugin, replyFunction: reply)
                bindings.owner = WeakPluginRuntime(owner)
                bindings.flows = flows
                bindings.sourceHash = sourceHash
                bindings.collector = collector
                return try bindings.install(in: state, roots: roots)
            }
        } catch let error as LuaError {
            throw error
        } catch {
            throw LuaError(kind: .runtime, message: "cannot install the bindings: \(error)")
        }
    }

    /// Runs the script at `path` as a coroutine, with `arguments` as its `...` and in `arg`
    /// (`arg[0]` is the path, as with `lua`). The script may `require` files beside it.
    /// - Returns: the script's results.
    public func runFile(_ path: String, arguments: [String] = [], budget: Duration? = nil) async throws -> [LuaValue] {
        let source: [UInt8]
        do {
            source = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            throw EngineError(code: "script_not_found", message: "cannot read \(path): \(ScriptHost.reason(error))")
        }
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        let environment = try await makeEnvironment(roots: [directory], source: source)
        var table = LuaTable(array: arguments.map { LuaValue.text($0) })
        table.fields[.integer(0)] = .text(path)
        let argTable = table
        await runtime.withState { state in state.setField(environment, "arg", .table(argTable)) }
        return try await runtime.run(
            source: ScriptHost.strippingShebang(source), chunkName: "@" + path, environment: environment,
            arguments: arguments.map { .text($0) }, budget: budget)
    }

    /// Lua skips a first line starting with `#` only in files it opens itself; scripts run with
    /// `#!/usr/bin/env moonwire run` need the same. The line is blanked, not removed, so line
    /// numbers stay right.
    static func strippingShebang(_ source: [UInt8]) -> [UInt8] {
        guard source.first == UInt8(ascii: "#") else { return source }
        let end = source.firstIndex(of: UInt8(ascii: "\n")) ?? source.endIndex
        return Array(source[end...])
    }

    static func reason(_ error: any Error) -> String {
        let ns = error as NSError
        if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code)))
        }
        if ns.domain == NSCocoaErrorDomain, ns.code == NSFileReadNoSuchFileError { return "no such file" }
        return ns.localizedDescription
    }
}
