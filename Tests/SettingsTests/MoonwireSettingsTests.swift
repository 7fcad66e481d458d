import Foundation
import Settings
import Testing

@Suite("moonwire.toml, the environment and flags, read once")
struct MoonwireSettingsTests {
    /// Writes `text` to a fresh moonwire.toml and returns its path.
    func file(_ text: String) throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("settings-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent("moonwire.toml").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func loadError(_ text: String, environment: [String: String] = [:]) throws -> SettingsError? {
        let path = try file(text)
        do throws(SettingsError) {
            _ = try MoonwireSettings.load(file: path, environment: environment)
            return nil
        } catch {
            return error
        }
    }

    @Test("file values apply with their line; the environment wins over the file; unset keys keep their default")
    func precedence() throws {
        let path = try file(
            """
            # the shop's configuration
            database = "/srv/shop.db"
            region = "BE"

            [serve]
            concurrency = 8
            budget = 0.5
            """)
        let settings = try MoonwireSettings.load(file: path, environment: ["MOONWIRE_REGION": "CH"])
        #expect(settings[.database] == "/srv/shop.db")
        #expect(settings.source(of: .database) == .file(path: path, line: 2))
        #expect(settings[.region] == "CH")
        #expect(settings.source(of: .region) == .environment(variable: "MOONWIRE_REGION"))
        #expect(settings.concurrency == 8)
        #expect(settings.source(of: .serveConcurrency) == .file(path: path, line: 6))
        #expect(settings.budget == 0.5)
        #expect(settings[.provider] == "sandbox")
        #expect(settings.source(of: .provider) == .builtIn)
    }

    @Test("the layers that read variables get the file's values under their variable names, the environment's unchanged")
    func environmentProjection() throws {
        let path = try file("database = \"/srv/shop.db\"\n[conexteo]\napi_key = \"ck_live_123456\"\n")
        let settings = try MoonwireSettings.load(file: path, environment: ["MOONWIRE_NOW": "2026-11-22T15:00:00Z", "HOME": "/root"])
        let environment = settings.environment
        #expect(environment["MOONWIRE_DB"] == "/srv/shop.db")
        #expect(environment["CONEXTEO_API_KEY"] == "ck_live_123456")
        #expect(environment["MOONWIRE_NOW"] == "2026-11-22T15:00:00Z")
        #expect(environment["HOME"] == "/root")
        #expect(environment["MOONWIRE_PROVIDER"] == nil)  // defaults are the engine's own
    }

    @Test("a flag wins over the environment and the file, and is checked like them")
    func flags() throws {
        let path = try file("[serve]\nconcurrency = 8\n")
        let settings = try MoonwireSettings.load(file: path, environment: ["MOONWIRE_CONCURRENCY": "16"])
        #expect(settings.concurrency == 16)
        let flagged = try settings.overriding(.serveConcurrency, with: "32", flag: "--concurrency")
        #expect(flagged.concurrency == 32)
        #expect(flagged.source(of: .serveConcurrency) == .flag("--concurrency"))
        #expect(throws: SettingsError.self) { try settings.overriding(.serveConcurrency, with: "0", flag: "--concurrency") }
    }

    @Test("a misspelt key is reported with the file, its line and the nearest known key")
    func unknownKey() throws {
        let error = try #require(try loadError("provider = \"conexteo\"\n\n[conexteo]\napp_id = \"42\"\napi_kee = \"x\"\n"))
        #expect(error.code == "unknown_key")
        #expect(error.message.contains("moonwire.toml:5: unknown key conexteo.api_kee (did you mean conexteo.api_key?)"), "\(error)")
        let section = try #require(try loadError("[serv]\nhttp = 8080\n"))
        #expect(section.message.contains("moonwire.toml:2: unknown key serv.http (did you mean serve.http?)"), "\(section)")
    }

    @Test("a bad value names the key, the file and the line, and what it takes")
    func badValues() throws {
        let range = try #require(try loadError("[serve]\n\nconcurrency = 0\n"))
        #expect(range.code == "invalid_value")
        #expect(range.message.contains("moonwire.toml:3: serve.concurrency = 0 is not a whole number between 1 and 4096"), "\(range)")
        let choice = try #require(try loadError("provider = \"twilio\"\n"))
        #expect(choice.message.contains("moonwire.toml:1: provider = twilio is not one of sandbox, conexteo, conerix"), "\(choice)")
        let type = try #require(try loadError("[serve]\nhttp = true\n"))
        #expect(type.message.contains("moonwire.toml:2: serve.http is a bool, but it takes a whole number"), "\(type)")
        let environment = try #require(try loadError("", environment: ["MOONWIRE_LOG_FORMAT": "xml"]))
        #expect(environment.message.contains("MOONWIRE_LOG_FORMAT=xml is not one of text, json"), "\(environment)")
    }

    @Test("a TOML syntax error is reported with its line")
    func syntax() throws {
        let error = try #require(try loadError("region = \"FR\"\n[serve\nhttp = 1\n"))
        #expect(error.code == "config_syntax")
        #expect(error.message.contains("moonwire.toml:2:"), "\(error)")
    }

    @Test("a secret may be named by the variable holding it; every secret is shown [REDACTED]")
    func secrets() throws {
        let path = try file("[conexteo]\napi_key_env = \"SHOP_CONEXTEO_KEY\"\n[conerix]\nwebhook_secret = \"whsec_abcdef\"\n")
        let settings = try MoonwireSettings.load(file: path, environment: ["SHOP_CONEXTEO_KEY": "ck_live_987654"])
        #expect(settings[.conexteoAPIKey] == "ck_live_987654")
        #expect(settings.source(of: .conexteoAPIKey) == .fileVariable(variable: "SHOP_CONEXTEO_KEY", path: path, line: 2))
        #expect(Set(settings.secrets) == ["ck_live_987654", "whsec_abcdef"])
        let shown = settings.rows.map { "\($0.key) \($0.value) \($0.source)" }.joined(separator: "\n")
        #expect(!shown.contains("ck_live_987654") && !shown.contains("whsec_abcdef"))
        #expect(settings.rows.first { $0.key == "conexteo.api_key" }?.value == "[REDACTED]")
        let unset = try #require(try loadError("[conexteo]\napi_key_env = \"NOT_EXPORTED\"\n"))
        #expect(unset.message.contains("moonwire.toml:2: conexteo.api_key_env names NOT_EXPORTED, which is not set"), "\(unset)")
    }

    @Test("a database URL's password is never shown by `moonwire config`, and is a secret for the logs")
    func databasePassword() throws {
        let path = try file("database = \"postgres://moon:pa?ss/w@rd@db.internal:5432/shop\"\n")
        let settings = try MoonwireSettings.load(file: path, environment: [:])
        let shown = try #require(settings.rows.first { $0.key == "database" }?.value)
        #expect(shown == "postgres://moon:***@db.internal:5432/shop")
        #expect(settings.secrets.contains("pa?ss/w@rd"))
    }

    @Test("an empty variable is unset: the file's value stands")
    func emptyVariable() throws {
        let path = try file("provider = \"conerix\"\nregion = \"BE\"\n")
        let settings = try MoonwireSettings.load(file: path, environment: ["MOONWIRE_PROVIDER": "", "MOONWIRE_REGION": ""])
        #expect(settings[.provider] == "conerix")
        #expect(settings[.region] == "BE")
        #expect(settings.source(of: .provider) == .file(path: path, line: 1))
    }

    @Test("MOONWIRE_CONFIG names the file; a file named explicitly must exist")
    func fileChoice() throws {
        let path = try file("region = \"BE\"\n")
        #expect(try MoonwireSettings.load(environment: ["MOONWIRE_CONFIG": path])[.region] == "BE")
        #expect(throws: SettingsError(
            code: "missing_file",
            message: "--config names /nonexistent/moonwire.toml, which does not exist: create it, or point --config at moonwire.toml"
        )) {
            try MoonwireSettings.load(file: "/nonexistent/moonwire.toml", environment: [:])
        }
    }
}
