import ArgumentParser
import Engine
import Providers
import Storage
import StorageBackends

/// `--provider` and `--verbose`, shared by the commands that talk to a provider directly.
struct ProviderOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("sandbox, conexteo or conerix (default: MOONWIRE_PROVIDER, else sandbox).", valueName: "name"))
    var provider: String?

    @Flag(name: .long, help: "Log each provider request and response on stderr (keys redacted).")
    var verbose = false

    /// The configuration from the environment with these flags applied, and its provider;
    /// prints the reason and exits 1 when either cannot be had.
    func open() throws -> (EngineConfiguration, any MessagingProvider) {
        do {
            let configuration = try configured()
            let backends = try StorageBackends(location: configuration.databasePath, busyTimeout: configuration.busyTimeout)
            return (
                configuration,
                try ScriptHost.makeProvider(for: configuration, engine: backends.engine, sandbox: backends.sandbox)
            )
        } catch let error as StorageError {
            StandardError.write("moonwire: \(error.message)")
        } catch let error as EngineError {
            StandardError.write("moonwire: \(error.message)")
        }
        throw ExitCode(1)
    }

    /// A script host (store, provider, dispatcher) for this configuration; prints the reason and
    /// exits 1 when it cannot be made.
    func openHost() throws -> ScriptHost {
        do throws(EngineError) {
            return try ScriptHost(configuration: try configured())
        } catch {
            StandardError.write("moonwire: \(error.message)")
            throw ExitCode(1)
        }
    }

    /// The environment's configuration with these flags applied.
    func configured() throws(EngineError) -> EngineConfiguration {
        var configuration = try EngineConfiguration.fromEnvironment(ProcessSettings.environment)
        if let provider { configuration.provider = provider.lowercased() }
        configuration.verbose = verbose
        return configuration
    }
}
