import Logging
import SMSCore
import SandboxStore
import Storage

/// Builds the configured provider: the one place that reads a provider's name. Everything else
/// asks the provider for a capability (``DeduplicatingProvider``, ``ReplyPollingProvider``, ...).
public enum ProviderFactory {
    /// The names `MOONWIRE_PROVIDER` accepts.
    public static let names = ["sandbox", "conexteo", "conerix"]

    /// True when the provider `name` simulates its network in process, so the engine may run it on
    /// the store's virtual clock (only the sandbox; the real providers live in real time).
    public static func runsInProcess(_ name: String) -> Bool { name == "sandbox" }

    /// The provider `name` names, its keys and URLs read from `environment` (`CONEXTEO_*`,
    /// `CONERIX_*`).
    /// - Parameters:
    ///   - engine: the engine's storage the sandbox reports its replies and deliveries into.
    ///   - sandbox: opens the sandbox's own store (called only for the sandbox, whose tables a
    ///     deployment on a real provider never gets).
    ///   - clock: the instant the sandbox stamps messages with, and the real clients' wall clock.
    ///   - verbose: log every request and response (keys redacted) on stderr.
    /// - Throws: `unknown_provider` for a name not in ``names``, `missing_api_key` for a real
    ///   provider without its key, `invalid_configuration` for a base URL that is not http(s).
    public static func make(
        name: String, environment: [String: String], engine: any EngineStorage,
        sandbox: () throws(StorageError) -> any SandboxStorage, clock: any TimeSource = SystemTimeSource(), verbose: Bool = false
    ) throws(ProviderError) -> any MessagingProvider {
        guard names.contains(name) else {
            throw ProviderError(
                code: "unknown_provider", message: "MOONWIRE_PROVIDER=\(name) is not a provider: use sandbox, conexteo or conerix")
        }
        if runsInProcess(name) {
            do throws(StorageError) {
                return SandboxProvider(store: try sandbox(), engine: engine, clock: clock)
            } catch {
                throw ProviderError(code: error.code.rawValue, message: error.message)
            }
        }
        let settings = try ProviderConfiguration(environment: environment)
        var logger = Logger(label: "moonwire.providers.\(name)") { label in StreamLogHandler.standardError(label: label) }
        logger.logLevel = verbose ? .trace : .warning
        if name == "conexteo", let conexteo = settings.conexteo {
            return ConexteoClient(configuration: conexteo, logger: logger, wallClock: { clock.now() })
        }
        if name == "conerix", let conerix = settings.conerix {
            return ConerixClient(configuration: conerix, logger: logger, wallClock: { clock.now() })
        }
        let variable = name == "conexteo" ? "CONEXTEO_API_KEY" : "CONERIX_API_KEY"
        throw ProviderError(
            code: "missing_api_key",
            message: "MOONWIRE_PROVIDER=\(name) needs \(variable) in the environment "
                + "(or unset MOONWIRE_PROVIDER to use the sandbox)")
    }
}
