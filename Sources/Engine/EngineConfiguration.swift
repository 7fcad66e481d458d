import Foundation
import Logging
import LuaKit
import Providers
import SMSCore
import Storage
import StorageBackends

/// How an engine is set up: where it stores, which provider it sends through, the limits each
/// run gets. Built from the environment (DESIGN.md §4); command-line flags override it.
public struct EngineConfiguration: Sendable {
    /// The SQLite file (`MOONWIRE_DB`, default ./moonwire.db).
    public var databasePath: String
    /// `sandbox`, `conexteo` or `conerix` (`MOONWIRE_PROVIDER`, default sandbox).
    public var provider: String
    /// The region national phone numbers belong to (`MOONWIRE_REGION`, default FR).
    public var region: String
    /// Each run's time budget and the state's memory ceiling.
    public var limits: LuaLimits
    /// Receives what scripts print.
    public var output: @Sendable (String) -> Void
    /// Where provider keys and URLs are read from (`CONEXTEO_*`, `CONERIX_*`).
    public var environment: [String: String]
    /// Log every provider request and response (keys redacted) on stderr.
    public var verbose = false
    /// What "now" is for the real providers: the system clock, or the instant `MOONWIRE_NOW`
    /// names, running on from there.
    public var clock: any TimeSource = SystemTimeSource()
    /// The sandbox reads its virtual clock, persisted in the store (`MOONWIRE_CLOCK=virtual`, the
    /// default); `system` gives it `clock` instead.
    public var virtualClock = true
    /// `MOONWIRE_NOW`: where the virtual clock starts when the store has none yet.
    public var startInstant: Date?
    /// Opt-out keywords and confirmations, and the marketing send window.
    public var policy = SendPolicy()
    /// How often `serve` looks for new inbound messages and due sends.
    public var pollInterval: Duration = .milliseconds(100)
    /// How often `serve` asks Conexteo for new replies (`MOONWIRE_CONEXTEO_POLL`, seconds).
    public var conexteoPollInterval: Duration = .seconds(5)
    /// How often `serve` pulls the provider's stop list into the local one (`MOONWIRE_STOP_SYNC`, seconds).
    public var stopSyncInterval: Duration = .seconds(600)
    /// How many inbound messages `serve` handles at once (one at a time per number), and how
    /// many flow runs falling due together execute at once. High, so their writes share
    /// transactions (see StoreSQLite's GroupCommit); each waits mostly on the store or the provider.
    public var concurrency = 256
    /// How many times `serve` begins routing an inbound message whose handler a limit (time
    /// budget, memory) keeps stopping, before it sets the message aside as poisoned
    /// (`MOONWIRE_INBOUND_ATTEMPTS`; `moonwire inbound failed` lists them).
    public var inboundAttempts = 3
    /// How long a write waits for another process's write lock (`MOONWIRE_BUSY_TIMEOUT`, seconds).
    public var busyTimeout: TimeInterval = 10
    /// The hosts scripts' `http` calls may reach beyond public addresses (`MOONWIRE_HTTP_ALLOW`).
    public var httpAllow = AddressPolicy()
    /// How `http` turns host names into addresses to check; nil: the system's resolver.
    public var hostResolver: (any HostResolver)?
    /// What makes scripts' HTTP calls; nil: the real client, under ``httpAllow`` and ``hostResolver``
    /// (`moonwire test` gives the answers a test file sets with `t:http`).
    public var httpTransport: (any OutboundTransport)?
    /// The logger the engine speaks through (`serve --log-format`, `--log-level`); nil: warnings
    /// and worse on stderr, debug with `verbose`.
    public var logger: Logger?

    /// A configuration from explicit values.
    public init(
        databasePath: String, provider: String = "sandbox", region: String = "FR", limits: LuaLimits = LuaLimits(),
        output: @escaping @Sendable (String) -> Void = LuaRuntime.standardOutput,
        environment: [String: String] = [:]
    ) {
        self.databasePath = databasePath
        self.provider = provider
        self.region = region
        self.limits = limits
        self.output = output
        self.environment = environment
    }

    /// True when hosts of this configuration read the sandbox's virtual clock.
    public var usesVirtualClock: Bool { ProviderFactory.runsInProcess(provider) && virtualClock }

    /// The clock hosts of this configuration read, over `store`: the sandbox's virtual clock
    /// (created at `MOONWIRE_NOW`, else now, the first time), or `clock`.
    public func makeClock(store: any EngineStorage) throws(EngineError) -> any TimeSource {
        guard usesVirtualClock else { return clock }
        do throws(StorageError) {
            return try VirtualClock(store: store, seed: startInstant ?? Date())
        } catch {
            throw EngineError(code: error.code.rawValue, message: error.message)
        }
    }

    /// The configuration the environment describes.
    /// - Parameter allowsMemoryDatabase: accept `MOONWIRE_DB=:memory:` (the REPL, whose work ends
    ///   with it); see ``databasePath(environment:allowsMemory:)``.
    public static func fromEnvironment(
        _ environment: [String: String] = ProcessInfo.processInfo.environment, allowsMemoryDatabase: Bool = false
    ) throws(EngineError) -> EngineConfiguration {
        func value(_ key: String) -> String? { environment[key].flatMap { $0.isEmpty ? nil : $0 } }
        var configuration = EngineConfiguration(
            databasePath: try databasePath(environment: environment, allowsMemory: allowsMemoryDatabase),
            provider: value("MOONWIRE_PROVIDER")?.lowercased() ?? "sandbox",
            region: value("MOONWIRE_REGION")?.uppercased() ?? "FR", environment: environment)
        /// A positive number of seconds in `key`, if set; `example` goes in the error.
        func interval(_ key: String, example: String) throws(EngineError) -> Duration? {
            guard let text = value(key) else { return nil }
            guard let seconds = Double(text), seconds > 0, seconds.isFinite else {
                throw EngineError(code: "invalid_configuration", message: "\(key)=\(text) is not a positive number of seconds (\(example))")
            }
            return .milliseconds(Int64(seconds * 1000))
        }
        if let poll = try interval("MOONWIRE_CONEXTEO_POLL", example: "e.g. 5 or 0.5") { configuration.conexteoPollInterval = poll }
        if let sync = try interval("MOONWIRE_STOP_SYNC", example: "e.g. 600 for every ten minutes") { configuration.stopSyncInterval = sync }
        if let allow = value("MOONWIRE_HTTP_ALLOW") {
            do throws(OutboundHTTPError) {
                configuration.httpAllow = try AddressPolicy(allowList: allow)
            } catch {
                throw EngineError(code: "invalid_configuration", message: error.message)
            }
        }
        if let attempts = value("MOONWIRE_INBOUND_ATTEMPTS") {
            guard let count = Int(attempts), (1...100).contains(count) else {
                throw EngineError(
                    code: "invalid_configuration",
                    message: "MOONWIRE_INBOUND_ATTEMPTS=\(attempts) is not a number of attempts between 1 and 100 (default 3)")
            }
            configuration.inboundAttempts = count
        }
        if let timeout = value("MOONWIRE_BUSY_TIMEOUT") {
            guard let seconds = Double(timeout), seconds >= 0, seconds <= 3600 else {
                throw EngineError(
                    code: "invalid_configuration",
                    message: "MOONWIRE_BUSY_TIMEOUT=\(timeout) is not a number of seconds between 0 and 3600 (default 10)")
            }
            configuration.busyTimeout = seconds
        }
        if let now = value("MOONWIRE_NOW") {
            let instant = try parseInstant(now, variable: "MOONWIRE_NOW")
            configuration.startInstant = instant
            configuration.clock = ShiftedTimeSource(startingAt: instant)
        }
        if let mode = value("MOONWIRE_CLOCK") {
            guard mode == "virtual" || mode == "system" else {
                throw EngineError(
                    code: "invalid_configuration",
                    message: "MOONWIRE_CLOCK=\(mode) is not a clock: use virtual (the sandbox's default) or system")
            }
            configuration.virtualClock = mode == "virtual"
        }
        return configuration
    }

    /// Reads an instant the way `clock set` and `schedule.at` do (ISO 8601 with an offset or Z, or
    /// a Paris wall time such as `2026-11-22 15:00`).
    static func parseInstant(_ text: String, variable: String) throws(EngineError) -> Date {
        do throws(SMSCoreError) {
            return try InstantText.parse(text)
        } catch {
            throw EngineError(code: error.code.rawValue, message: "\(variable)=\(text): \(error.message)")
        }
    }
}
