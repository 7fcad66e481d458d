import Foundation

/// The real providers' settings, read from the environment (DESIGN.md §4). A provider without a
/// key is simply not configured.
public struct ProviderConfiguration: Sendable, Hashable, CustomStringConvertible {
    /// Set when `CONEXTEO_API_KEY` is.
    public var conexteo: ConexteoConfiguration?
    /// Set when `CONERIX_API_KEY` is.
    public var conerix: ConerixConfiguration?

    /// Creates a configuration directly.
    public init(conexteo: ConexteoConfiguration? = nil, conerix: ConerixConfiguration? = nil) {
        self.conexteo = conexteo
        self.conerix = conerix
    }

    /// Reads `CONEXTEO_API_KEY`, `CONEXTEO_APP_ID`, `CONEXTEO_BASE_URL`, `CONERIX_API_KEY` and
    /// `CONERIX_BASE_URL`; empty values count as unset.
    public init(environment: [String: String] = ProcessInfo.processInfo.environment) throws(ProviderError) {
        func value(_ name: String) -> String? {
            guard let raw = environment[name]?.trimmingCharacters(in: .whitespacesAndNewlines), !raw.isEmpty else { return nil }
            return raw
        }
        if let key = value("CONEXTEO_API_KEY") {
            let base = try Self.baseURL(value("CONEXTEO_BASE_URL") ?? ConexteoConfiguration.defaultBaseURL, variable: "CONEXTEO_BASE_URL")
            conexteo = ConexteoConfiguration(apiKey: ProviderSecret(key), appID: value("CONEXTEO_APP_ID"), baseURL: base)
        }
        if let key = value("CONERIX_API_KEY") {
            let base = try Self.baseURL(value("CONERIX_BASE_URL") ?? ConerixConfiguration.defaultBaseURL, variable: "CONERIX_BASE_URL")
            conerix = ConerixConfiguration(apiKey: ProviderSecret(key), baseURL: base)
        }
    }

    /// Checks a base URL is absolute http(s) and drops a trailing slash.
    static func baseURL(_ text: String, variable: String) throws(ProviderError) -> String {
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https",
            url.host?.isEmpty == false, url.query == nil
        else {
            throw ProviderError(
                code: "invalid_configuration",
                message: "\(variable) is \"\(text)\", not an http(s) URL: set it to the API root, e.g. https://api.example.com")
        }
        return text.hasSuffix("/") ? String(text.dropLast()) : text
    }

    public var description: String {
        [conexteo?.description ?? "conexteo not configured", conerix?.description ?? "conerix not configured"]
            .joined(separator: "; ")
    }
}
