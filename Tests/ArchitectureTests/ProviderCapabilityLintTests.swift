import Foundation
import Testing

/// Issue 17 §5: behaviour follows a provider's capabilities (Providers/Capabilities), never its
/// concrete type or its name. Engine, Server, Repl and the CLI may not downcast to a client, test
/// a client's type, or compare a provider's name; only `ProviderFactory` reads the name.
@Suite struct ProviderCapabilityLintTests {
    static let checkedTargets = ["Engine", "Server", "Repl", "moonwire"]
    static let clients = "(?:ConexteoClient|ConerixClient|SandboxProvider)"
    static let names = "\"(?:sandbox|conexteo|conerix)\""

    /// What gives a decision away: a cast or type test to a client, a name compared or switched on.
    static var forbidden: [(rule: String, pattern: Regex<AnyRegexOutput>)] {
        [
            ("downcast to a client", try! Regex(#"\bas[?!]?\s+(?:any\s+)?"# + clients + #"\b"#)),
            ("type test of a client", try! Regex(#"\bis\s+(?:any\s+)?"# + clients + #"\b"#)),
            ("provider name compared to a literal", try! Regex(#"(?:==|!=)\s*"# + names)),
            ("provider name compared to a literal", try! Regex(names + #"\s*(?:==|!=)"#)),
            ("provider name compared", try! Regex(#"provider\.name\s*(?:==|!=|\.hasPrefix|\.starts|~=)"#)),
            ("provider name compared", try! Regex(#"(?:==|!=|~=)\s*[\w.]*provider\.name\b"#)),
            ("switch over a provider name", try! Regex(#"\bcase\s+"# + names)),
        ]
    }

    /// Words one of the rules needs: lines without any skip the (slow) regexes.
    static let clues = ["ConexteoClient", "ConerixClient", "SandboxProvider", "\"sandbox\"", "\"conexteo\"", "\"conerix\"", "provider.name"]

    /// The rules `line` breaks (comments are skipped).
    static func offences(in line: Substring) -> [String] {
        guard clues.contains(where: { line.contains($0) }) else { return [] }
        let code = line.trimmingCharacters(in: .whitespaces)
        if code.hasPrefix("//") { return [] }
        return forbidden.filter { line.contains($0.pattern) }.map(\.rule)
    }

    @Test func lintCatchesEachWayOfAskingWhichProvider() {
        #expect(Self.offences(in: "if let c = provider as? ConexteoClient {") == ["downcast to a client"])
        #expect(Self.offences(in: "case let conexteo as ConexteoClient:") == ["downcast to a client"])
        #expect(Self.offences(in: "guard services.provider is SandboxProvider else") == ["type test of a client"])
        #expect(Self.offences(in: #"public var dedups: Bool { provider.name != "conerix" }"#).contains("provider name compared to a literal"))
        #expect(Self.offences(in: #"if configuration.provider == "sandbox" {"#) == ["provider name compared to a literal"])
        #expect(Self.offences(in: "if host.provider.name == other {") == ["provider name compared"])
        #expect(Self.offences(in: #"case "conexteo": return 5"#) == ["switch over a provider name"])
        #expect(Self.offences(in: "// Conexteo keeps its own stop list (provider as? ConexteoClient)").isEmpty)
        #expect(Self.offences(in: "let remote = provider as? any RemoteStopListProvider").isEmpty)
        #expect(Self.offences(in: #"print("provider \(host.provider.name)")"#).isEmpty)
        #expect(Self.offences(in: "from: SandboxProvider.defaultSender").isEmpty)
    }

    @Test func noDowncastOrNameComparisonDecidesBehaviour() throws {
        let sources = ImportLintTests.root.appendingPathComponent("Sources")
        var found: [String] = []
        var scanned = 0
        for target in Self.checkedTargets {
            let directory = sources.appendingPathComponent(target)
            let files = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: nil)?
                .compactMap { $0 as? URL }.filter { $0.pathExtension == "swift" } ?? []
            for file in files {
                scanned += 1
                let text = try String(contentsOf: file, encoding: .utf8)
                for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                    for rule in Self.offences(in: line) {
                        found.append("Sources/\(target)/\(file.lastPathComponent):\(number + 1): \(rule): \(line.trimmingCharacters(in: .whitespaces))")
                    }
                }
            }
        }
        #expect(scanned > 50)
        #expect(found.isEmpty, "ask for a capability (Providers/Capabilities) instead:\n\(found.joined(separator: "\n"))")
    }
}
