import Foundation
import SandboxStore
import Storage
import StoreSQLite
import Testing

@Suite("moonwire.toml, end to end: one configuration for every command", .serialized, .processSlot)
struct ConfigurationFileTests {
    static let responder = """
        on.keyword({"INFO"}, function(r)
          assert(r:reply("Ouvert de 9h à 19h, " .. r.from))
        end)
        """

    /// The values both runs use: once as environment variables, once as moonwire.toml.
    static func values(database: String, plugins: String) -> [(key: String, variable: String, value: String)] {
        [
            ("database", "MOONWIRE_DB", database),
            ("region", "MOONWIRE_REGION", "BE"),
            ("now", "MOONWIRE_NOW", "2026-11-22T15:00:00+01:00"),
            ("serve.plugins", "MOONWIRE_PLUGINS", plugins),
        ]
    }

    /// What one configuration does: `send` to a national (Belgian) number, `repl` reading the
    /// clock and parsing a number, and `serve` (plugins from the configuration) answering a reply.
    /// Provider ids are left out; the rest must not depend on where the values were written.
    static func exercise(_ p: MoonwireProcess, database: String) async throws -> [String] {
        let send = try await p.run(["send", "--to", "0470 12 34 56", "--body", "Bonjour"])
        #expect(send.status == 0, "stderr: \(send.stderr)")
        let repl = try await p.run(["repl", "--no-plugins", "-e", "os.date('!%Y-%m-%d %H:%M', clock.now())", "-e", "sms.normalize('0470 65 43 21')"])
        #expect(repl.status == 0, "stderr: \(repl.stderr)")
        let serve = try await ServeProcess(p, arguments: [])
        defer { serve.stop() }
        #expect(try await p.run(["sandbox", "reply", "--from", "0470 99 88 77", "INFO"]).status == 0)
        let store = try SQLiteStore(path: database)
        var sent: [String] = []
        let deadline = Date().addingTimeInterval(90)  // a hang guard, not a performance threshold
        while sent.isEmpty, Date() < deadline {
            sent = try await store.sandbox().sandboxMessages().filter { $0.to == "+32470998877" }.map(\.body)
            if sent.isEmpty { try await Task.sleep(for: .milliseconds(50)) }
        }
        #expect(!sent.isEmpty, "serve said: \(serve.text)")
        return [
            send.stdout.split(separator: " ").first.map(String.init) ?? "", repl.stdout,
            serve.text.contains("plugin responder.lua loaded") ? "loaded" : "not loaded", sent.joined(),
        ]
    }

    @Test("values written only in moonwire.toml run send, repl and serve as the same values in the environment do")
    func fileEqualsEnvironment() async throws {
        let fromEnvironment = try MoonwireProcess()
        defer { fromEnvironment.cleanUp() }
        var environmentRun = fromEnvironment
        let plugins = try environmentRun.writePlugins(["responder.lua": Self.responder])
        for item in Self.values(database: environmentRun.environment["MOONWIRE_DB"]!, plugins: plugins) {
            environmentRun.environment[item.variable] = item.value
        }
        let expected = try await Self.exercise(environmentRun, database: environmentRun.environment["MOONWIRE_DB"]!)

        var fromFile = try MoonwireProcess()
        defer { fromFile.cleanUp() }
        let filePlugins = try fromFile.writePlugins(["responder.lua": Self.responder])
        let database = fromFile.environment["MOONWIRE_DB"]!
        fromFile.environment["MOONWIRE_DB"] = nil
        try Self.writeConfiguration(Self.values(database: database, plugins: filePlugins), in: fromFile)
        let actual = try await Self.exercise(fromFile, database: database)

        #expect(expected[0] == "+32470123456")
        #expect(expected[1].contains("2026-11-22 14:00") && expected[1].contains("+32470654321"), "repl said: \(expected[1])")
        #expect(expected[2] == "loaded")
        #expect(expected[3] == "Ouvert de 9h à 19h, +32470998877")
        #expect(actual == expected)
    }

    @Test("the environment overrides the file, `moonwire config` shows both sources, a misspelt key stops with its line")
    func sourcesAndTypos() async throws {
        var p = try MoonwireProcess()
        defer { p.cleanUp() }
        let database = p.environment["MOONWIRE_DB"]!
        p.environment["MOONWIRE_DB"] = nil
        try Self.writeConfiguration([("database", "", database), ("region", "", "BE")], in: p)
        // The file says BE, then the environment says FR: the same national number changes country.
        let belgian = try await p.run(["send", "--to", "06 12 34 56 78", "--body", "Bonjour"])
        #expect(belgian.stdout.hasPrefix("+32612345678"), "stdout: \(belgian.stdout) stderr: \(belgian.stderr)")
        p.environment["MOONWIRE_REGION"] = "FR"
        let overridden = try await p.run(["send", "--to", "06 12 34 56 78", "--body", "Bonjour"])
        #expect(overridden.status == 0, "stderr: \(overridden.stderr)")
        #expect(overridden.stdout.hasPrefix("+33612345678"))

        p.environment["CONERIX_WEBHOOK_SECRET"] = "whsec_topsecret_42"
        let config = try await p.run(["config"])
        #expect(config.status == 0, "stderr: \(config.stderr)")
        let lines = config.stdout.split(separator: "\n")
        #expect(lines.contains { $0.hasPrefix("database ") && $0.contains(database) && $0.hasSuffix("moonwire.toml:1") }, "\(config.stdout)")
        #expect(lines.contains { $0.hasPrefix("region ") && $0.contains("FR") && $0.hasSuffix("env MOONWIRE_REGION") }, "\(config.stdout)")
        #expect(lines.contains { $0.hasPrefix("conerix.webhook_secret ") && $0.contains("[REDACTED]") })
        #expect(!config.stdout.contains("whsec_topsecret_42"))

        try "region = \"BE\"\n\n[serve]\nconcurency = 8\n".write(
            to: p.directory.appendingPathComponent("moonwire.toml"), atomically: true, encoding: .utf8)
        let typo = try await p.run(["send", "--to", "+33612345678", "--body", "Bonjour"])
        #expect(typo.status == 1)
        #expect(typo.stderr.contains("moonwire.toml:4: unknown key serve.concurency (did you mean serve.concurrency?)"), "\(typo.stderr)")

        // --config names another file, before or after the command.
        let other = p.directory.appendingPathComponent("other.toml")
        try "database = \"\(database)\"\nregion = \"FR\"\n".write(to: other, atomically: true, encoding: .utf8)
        p.environment["MOONWIRE_REGION"] = nil
        #expect(try await p.run(["--config", other.path, "send", "--to", "06 12 34 56 78", "--body", "Bonjour"]).status == 0)
        #expect(try await p.run(["send", "--config=\(other.path)", "--to", "06 12 34 56 78", "--body", "Bonjour"]).status == 0)
    }

    /// Writes `values` as moonwire.toml in `p`'s directory (the working directory of its runs).
    static func writeConfiguration(_ values: [(key: String, variable: String, value: String)], in p: MoonwireProcess) throws {
        var top: [String] = []
        var tables: [String: [String]] = [:]
        for item in values {
            let parts = item.key.split(separator: ".", maxSplits: 1).map(String.init)
            let line = { (name: String) in "\(name) = \"\(item.value)\"" }
            if parts.count == 2 { tables[parts[0], default: []].append(line(parts[1])) } else { top.append(line(parts[0])) }
        }
        var text = top.joined(separator: "\n") + "\n"
        for (table, lines) in tables.sorted(by: { $0.key < $1.key }) { text += "\n[\(table)]\n" + lines.joined(separator: "\n") + "\n" }
        try text.write(to: p.directory.appendingPathComponent("moonwire.toml"), atomically: true, encoding: .utf8)
    }
}
