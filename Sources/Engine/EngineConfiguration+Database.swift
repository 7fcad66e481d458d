import Foundation

extension EngineConfiguration {
    /// The SQLite file `MOONWIRE_DB` names: `moonwire.db` when it is unset.
    /// - Parameter allowsMemory: true for a command whose work ends with it (the REPL), for which
    ///   `:memory:` is a scratch database; every other command refuses it, since nothing it
    ///   stores (sends, replies, flows) would outlive the process.
    /// - Throws: `invalid_configuration` when the variable is set but empty, is a URL (no backend
    ///   but SQLite files exists yet), or is `:memory:` where that loses work.
    public static func databasePath(
        environment: [String: String] = ProcessInfo.processInfo.environment, allowsMemory: Bool = false
    ) throws(EngineError) -> String {
        guard let raw = environment["MOONWIRE_DB"] else { return "moonwire.db" }
        let value = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !value.isEmpty else {
            throw EngineError(
                code: "invalid_configuration",
                message: "MOONWIRE_DB is set but empty: unset it to use ./moonwire.db, or set it to a file path")
        }
        if let scheme = value.range(of: "://").map({ value[..<$0.lowerBound].lowercased() }), !scheme.contains("/") {
            let shown = redactingPassword(value)
            let what = scheme == "postgres" || scheme == "postgresql"
                ? "a PostgreSQL URL, and this Moonwire stores only in a SQLite file (there is no PostgreSQL backend yet)"
                : "a URL, and Moonwire stores only in a SQLite file"
            throw EngineError(
                code: "invalid_configuration",
                message: "MOONWIRE_DB=\(shown) is \(what): set MOONWIRE_DB to a file path such as ./moonwire.db")
        }
        if value == ":memory:", !allowsMemory {
            throw EngineError(
                code: "invalid_configuration",
                message: "MOONWIRE_DB=:memory: keeps nothing once this command exits (its sends, replies and flows "
                    + "would be lost): set MOONWIRE_DB to a file path, a temporary one for a throwaway run "
                    + "(e.g. MOONWIRE_DB=$(mktemp -d)/moonwire.db)")
        }
        return raw
    }

    /// `scheme://user:secret@host/db` shown as `scheme://user:***@host/db`.
    static func redactingPassword(_ url: String) -> String {
        guard let start = url.range(of: "://"), let at = url[start.upperBound...].firstIndex(of: "@") else { return url }
        let credentials = url[start.upperBound..<at]
        guard let colon = credentials.firstIndex(of: ":") else { return url }
        return String(url[..<url.index(after: colon)]) + "***" + String(url[at...])
    }
}
