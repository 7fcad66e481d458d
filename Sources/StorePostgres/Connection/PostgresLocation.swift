import Foundation
import Storage

/// Where a PostgreSQL database is, parsed from `postgres://USER[:PASSWORD]@HOST[:PORT]/DB`
/// (also `postgresql://`, and `?host=/socket/dir` for a Unix socket). Its `description` never
/// shows the password.
public struct PostgresLocation: Sendable, Hashable, CustomStringConvertible {
    /// The role to log in as.
    public var user: String
    /// The role's password, if the URL gave one. Never printed.
    public var password: String?
    /// The TCP host; nil when `socketDirectory` is set.
    public var host: String?
    /// The port (also the number in the socket file's name).
    public var port: Int
    /// The folder holding the server's socket (`?host=/path`), if the URL named one.
    public var socketDirectory: String?
    /// The database.
    public var database: String
    /// Milliseconds a statement may run before the server cancels it (`?statement_timeout=`).
    public var statementTimeoutMilliseconds: Int

    /// The default statement timeout: long enough for a batch of a thousand runs, short enough
    /// that a stuck query does not hold a claim forever.
    public static let defaultStatementTimeoutMilliseconds = 30_000

    /// True when `location` names a PostgreSQL database (its scheme is `postgres` or `postgresql`).
    public static func isPostgres(_ location: String) -> Bool {
        let lowered = location.lowercased()
        return lowered.hasPrefix("postgres://") || lowered.hasPrefix("postgresql://")
    }

    /// Parses `url`; throws `open_failed` naming the part that is wrong (the password masked).
    public init(url: String) throws(StorageError) {
        let shown = PostgresLocation.masking(url)
        func wrong(_ part: String) -> StorageError {
            StorageError(
                .openFailed,
                "MOONWIRE_DB=\(shown): \(part) (expected postgres://USER[:PASSWORD]@HOST[:PORT]/DB or "
                    + "postgres://USER@/DB?host=/socket/dir)")
        }
        guard let schemeEnd = url.range(of: "://") else { throw wrong("the scheme is missing") }
        let scheme = url[..<schemeEnd.lowerBound].lowercased()
        guard scheme == "postgres" || scheme == "postgresql" else {
            throw wrong("the scheme '\(scheme)' is not postgres or postgresql")
        }
        var rest = Substring(url[schemeEnd.upperBound...])
        var query: Substring = ""
        if let mark = rest.firstIndex(of: "?") {
            query = rest[rest.index(after: mark)...]
            rest = rest[..<mark]
        }
        guard let at = rest.lastIndex(of: "@") else { throw wrong("the user is missing (USER@ before the host)") }
        let credentials = rest[..<at]
        var hostAndPath = rest[rest.index(after: at)...]
        let rawUser: Substring
        if let colon = credentials.firstIndex(of: ":") {
            rawUser = credentials[..<colon]
            guard let decoded = String(credentials[credentials.index(after: colon)...]).removingPercentEncoding else {
                throw wrong("the password is not valid percent-encoding")
            }
            password = decoded
        } else {
            rawUser = credentials
            password = nil
        }
        guard !rawUser.isEmpty, let user = String(rawUser).removingPercentEncoding else { throw wrong("the user is empty") }
        self.user = user
        guard let slash = hostAndPath.firstIndex(of: "/") else { throw wrong("the database is missing (/DB after the host)") }
        let databasePart = hostAndPath[hostAndPath.index(after: slash)...]
        hostAndPath = hostAndPath[..<slash]
        guard !databasePart.isEmpty, let database = String(databasePart).removingPercentEncoding, !database.contains("/") else {
            throw wrong("the database name is missing or holds a '/'")
        }
        self.database = database
        var hostText = String(hostAndPath)
        port = 5432
        if let colon = hostAndPath.lastIndex(of: ":"), !hostAndPath.hasSuffix("]") {
            let portText = hostAndPath[hostAndPath.index(after: colon)...]
            guard let port = Int(portText), (1...65_535).contains(port) else {
                throw wrong("the port '\(portText)' is not a number from 1 to 65535")
            }
            self.port = port
            hostText = String(hostAndPath[..<colon])
        }
        if hostText.hasPrefix("["), hostText.hasSuffix("]") { hostText = String(hostText.dropFirst().dropLast()) }
        socketDirectory = nil
        statementTimeoutMilliseconds = PostgresLocation.defaultStatementTimeoutMilliseconds
        for pair in query.split(separator: "&") where !pair.isEmpty {
            let parts = pair.split(separator: "=", maxSplits: 1)
            let key = String(parts[0])
            let value = parts.count > 1 ? (String(parts[1]).removingPercentEncoding ?? "") : ""
            switch key {
            case "host":
                guard value.hasPrefix("/") else { throw wrong("host=\(value) is not an absolute socket folder") }
                socketDirectory = value
            case "statement_timeout":
                guard let milliseconds = Int(value), milliseconds >= 0 else {
                    throw wrong("statement_timeout=\(value) is not a number of milliseconds")
                }
                statementTimeoutMilliseconds = milliseconds
            default:
                throw wrong("the option '\(key)' is not known (host and statement_timeout are)")
            }
        }
        if socketDirectory == nil {
            guard !hostText.isEmpty else { throw wrong("the host is missing (or give ?host=/socket/dir)") }
            host = hostText
        } else {
            host = hostText.isEmpty ? nil : hostText
        }
    }

    /// The socket file the server listens on, when the URL named a socket folder.
    public var socketPath: String? {
        socketDirectory.map { "\($0)/.s.PGSQL.\(port)" }
    }

    /// The URL with the password shown as `***`.
    public var description: String {
        let credentials = password == nil ? user : "\(user):***"
        // Over a socket the port still names the socket file (.s.PGSQL.<port>): shown unless default.
        let hostPart =
            socketDirectory != nil && host == nil ? (port == 5432 ? "" : ":\(port)") : "\(host ?? ""):\(port)"
        var text = "postgres://\(credentials)@\(hostPart)/\(database)"
        if let socketDirectory { text += "?host=\(socketDirectory)" }
        return text
    }

    /// `scheme://user:secret@host/db` shown as `scheme://user:***@host/db`, for a URL that may
    /// not parse.
    public static func masking(_ url: String) -> String {
        guard let start = url.range(of: "://") else { return url }
        let afterScheme = url[start.upperBound...]
        // The last `@` ends the credentials: a password may hold `/`, `?` or `@` itself.
        guard let at = afterScheme.lastIndex(of: "@") else { return url }
        let credentials = afterScheme[..<at]
        guard let colon = credentials.firstIndex(of: ":") else { return url }
        return String(url[..<url.index(after: colon)]) + "***" + String(url[at...])
    }
}
