/// What the Conexteo client needs: the API key, the optional app id, and where the API lives.
public struct ConexteoConfiguration: Sendable, Hashable, CustomStringConvertible {
    /// `X-API-KEY`.
    public var apiKey: ProviderSecret
    /// `X-APP-ID`, sent when set (every public Conexteo client sends it).
    public var appID: String?
    /// The API root, e.g. `https://api.conexteo.com`.
    public var baseURL: String
    /// A client-side cap on requests per minute; nil for none (Conexteo publishes no limit).
    public var requestsPerMinute: Int?

    /// The production API root.
    public static let defaultBaseURL = "https://api.conexteo.com"

    /// Creates a configuration.
    public init(apiKey: ProviderSecret, appID: String? = nil, baseURL: String = defaultBaseURL, requestsPerMinute: Int? = nil) {
        self.apiKey = apiKey
        self.appID = appID
        self.baseURL = baseURL
        self.requestsPerMinute = requestsPerMinute
    }

    public var description: String {
        "conexteo at \(baseURL), key \(apiKey)" + (appID.map { ", app \($0)" } ?? "")
    }
}
