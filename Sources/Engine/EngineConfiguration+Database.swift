import Foundation
import StorageBackends

extension EngineConfiguration {
    /// The database `MOONWIRE_DB` names: a SQLite file (`moonwire.db` when it is unset) or a
    /// PostgreSQL URL (`postgres://...`, checked when it is opened).
    /// - Parameter allowsMemory: true for a command whose work ends with it (the REPL), for which
    ///   `:memory:` is a scratch database; every other command refuses it, since nothing it
    ///   stores (sends, replies, flows) would outlive the process.
    /// - Throws: `invalid_configuration` when the variable is set but empty, is a URL of another
    ///   scheme than postgres/postgresql, or is `:memory:` where that loses work.
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
        // A PostgreSQL URL goes to StorageBackends, which parses it and names what is wrong.
        if StorageBackends.isPostgres(value) { return value }
        if let scheme = value.range(of: "://").map({ value[..<$0.lowerBound].lowercased() }), !scheme.contains("/") {
            throw EngineError(
                code: "invalid_configuration",
                message: "MOONWIRE_DB=\(redactingPassword(value)) is a \(scheme) URL, and Moonwire stores in a SQLite file or "
                    + "PostgreSQL: set MOONWIRE_DB to a file path such as ./moonwire.db, or to postgres://USER@HOST/DB")
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
