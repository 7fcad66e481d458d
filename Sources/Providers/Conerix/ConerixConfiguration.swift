/// What the Conerix client needs: the API key, where the API lives, and the client-side rate limit.
public struct ConerixConfiguration: Sendable, Hashable, CustomStringConvertible {
    /// The bearer key, `ds_live_…`.
    public var apiKey: ProviderSecret
    /// The API root, e.g. `https://conerix.com/api`; paths add `/v1/...`.
    public var baseURL: String
    /// Requests per minute this client allows itself (Conerix's default plan: 60).
    public var requestsPerMinute: Int

    /// The production API root.
    public static let defaultBaseURL = "https://conerix.com/api"
    /// Conerix's default per-key limit.
    public static let defaultRequestsPerMinute = 60

    /// Creates a configuration.
    public init(apiKey: ProviderSecret, baseURL: String = defaultBaseURL, requestsPerMinute: Int = defaultRequestsPerMinute) {
        self.apiKey = apiKey
        self.baseURL = baseURL
        self.requestsPerMinute = requestsPerMinute
    }

    public var description: String { "conerix at \(baseURL), key \(apiKey), \(requestsPerMinute) requests/min" }
}
