import ArgumentParser
import Engine
import Foundation
import SMSCore
import Storage
import StorageBackends

/// The store and clock of the environment's configuration, for commands that work on the
/// database without a Lua runtime (`flows`, `sandbox clock`).
struct EngineStore {
    let configuration: EngineConfiguration
    let store: any EngineStorage
    let clock: any TimeSource

    /// Opens them; prints the reason and exits 1 when they cannot be opened.
    /// - Parameter readOnly: for commands that only list (`flows list`, `flows show`): the
    ///   database is opened read-only (it may be a file the user may only read), and the clock
    ///   is the configured one (the virtual clock is not created).
    static func open(readOnly: Bool = false) throws -> EngineStore {
        do {
            let configuration = try EngineConfiguration.fromEnvironment(ProcessSettings.environment)
            let store = try StorageBackends(
                location: configuration.databasePath, readOnly: readOnly, busyTimeout: configuration.busyTimeout
            ).engine
            let clock = readOnly ? configuration.clock : try configuration.makeClock(store: store)
            return EngineStore(configuration: configuration, store: store, clock: clock)
        } catch let error as EngineError {
            StandardError.write("moonwire: \(error.message)")
        } catch let error as StorageError {
            StandardError.write("moonwire: \(error.message)")
        }
        throw ExitCode(1)
    }

    /// Runs a store call; prints its error and exits 1 when it fails.
    func run<T>(_ body: () async throws(StorageError) -> T) async throws -> T {
        do throws(StorageError) {
            return try await body()
        } catch {
            StandardError.write("moonwire: \(error.message)")
            throw ExitCode(1)
        }
    }
}
