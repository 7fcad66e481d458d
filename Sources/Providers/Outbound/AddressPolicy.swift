import Foundation

/// Which hosts scripts' HTTP calls may reach: every public address, and the loopback, private,
/// link-local and metadata ones only when `MOONWIRE_HTTP_ALLOW` names the host (`host` or `host:port`).
public struct AddressPolicy: Sendable, Hashable {
    /// One allowed host, with the port it is allowed on (nil: any port).
    public struct Entry: Sendable, Hashable, CustomStringConvertible {
        public var host: String
        public var port: Int?
        public var description: String { port.map { "\(host.contains(":") ? "[\(host)]" : host):\($0)" } ?? host }
    }

    /// The hosts allowed whatever they resolve to.
    public let allowed: [Entry]

    /// Allows nothing beyond public addresses.
    public init() { allowed = [] }

    /// Reads a comma-separated list such as `127.0.0.1:8080,crm.internal,[::1]:9000`.
    public init(allowList text: String) throws(OutboundHTTPError) {
        var entries: [Entry] = []
        for raw in text.split(separator: ",") {
            let item = raw.trimmingCharacters(in: .whitespaces).lowercased()
            guard !item.isEmpty else { continue }
            entries.append(try Self.entry(item, in: text))
        }
        allowed = entries
    }

    /// True when `host` (as written in the URL, lowercased) on `port` is listed.
    public func allows(host: String, port: Int) -> Bool {
        let host = Self.bare(host)
        return allowed.contains { $0.host == host && ($0.port == nil || $0.port == port) }
    }

    /// `[::1]` -> `::1`; names lowercased.
    static func bare(_ host: String) -> String {
        var host = host.lowercased()
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        return host
    }

    private static func entry(_ item: String, in text: String) throws(OutboundHTTPError) -> Entry {
        func bad(_ why: String) -> OutboundHTTPError {
            OutboundHTTPError(
                .badConfiguration,
                "MOONWIRE_HTTP_ALLOW=\(text): \"\(item)\" \(why); write hosts as host or host:port, comma-separated "
                    + "(e.g. 127.0.0.1:8080,crm.internal,[::1]:9000)")
        }
        guard !item.contains("/") && !item.contains("@") else { throw bad("is not a host (no scheme, path or user)") }
        var host = item
        var port: Int?
        if item.hasPrefix("[") {
            guard let close = item.firstIndex(of: "]") else { throw bad("opens [ without closing it") }
            host = String(item[item.index(after: item.startIndex)..<close])
            let rest = item[item.index(after: close)...]
            if !rest.isEmpty {
                guard rest.hasPrefix(":"), let number = Int(rest.dropFirst()) else { throw bad("has something other than :port after ]") }
                port = number
            }
        } else if item.filter({ $0 == ":" }).count == 1, let colon = item.firstIndex(of: ":") {
            host = String(item[..<colon])
            guard let number = Int(item[item.index(after: colon)...]) else { throw bad("has a port that is not a number") }
            port = number
        }
        if let port, !(1...65535).contains(port) { throw bad("has port \(port), outside 1-65535") }
        guard !host.isEmpty else { throw bad("has no host") }
        return Entry(host: host, port: port)
    }
}
