import Foundation
import Settings

/// This process's configuration, read once (`moonwire.toml`, `--config`, `MOONWIRE_CONFIG`, the
/// environment). A configuration that cannot be used ends the command with its file:line reason:
/// no command should run on values other than the ones the user wrote.
enum ProcessSettings {
    private static let loaded = Result { () throws(SettingsError) -> MoonwireSettings in
        try MoonwireSettings.load(file: ConfigFileArgument.process.path)
    }

    /// The settings; exits 1 with the reason when they cannot be had.
    static var current: MoonwireSettings {
        switch loaded {
        case .success(let settings): return settings
        case .failure(let error):
            fflush(nil)
            StandardError.write("moonwire: \(error.message)")
            exit(1)
        }
    }

    /// The effective environment, for the layers that read variables by name.
    static var environment: [String: String] { current.environment }
}
