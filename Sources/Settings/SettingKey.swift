/// Every key `moonwire.toml` may hold, named as it is written there (`section.key`); each has the
/// environment variable that overrides it. The one catalogue `moonwire config` lists.
public enum SettingKey: String, CaseIterable, Sendable, Hashable, Comparable {
    case database
    case provider
    case region
    case now
    case clock
    case busyTimeout = "busy_timeout"
    case inboundAttempts = "inbound_attempts"
    case socket
    case conexteoAPIKey = "conexteo.api_key"
    case conexteoAppID = "conexteo.app_id"
    case conexteoBaseURL = "conexteo.base_url"
    case conexteoWebhookToken = "conexteo.webhook_token"
    case conexteoPoll = "conexteo.poll"
    case conexteoStopSync = "conexteo.stop_sync"
    case conexteoEmail = "conexteo.email"
    case conexteoPassword = "conexteo.password"
    case conerixAPIKey = "conerix.api_key"
    case conerixBaseURL = "conerix.base_url"
    case conerixWebhookSecret = "conerix.webhook_secret"
    case servePlugins = "serve.plugins"
    case serveConcurrency = "serve.concurrency"
    case serveBudget = "serve.budget"
    case serveMemory = "serve.memory"
    case serveHTTP = "serve.http"
    case serveHTTPHost = "serve.http_host"
    case serveMetrics = "serve.metrics"
    case serveLogFormat = "serve.log_format"
    case serveLogLevel = "serve.log_level"
    case replHistory = "repl.history"
    case httpAllow = "http.allow"

    /// The environment variable that overrides the file.
    public var variable: String {
        switch self {
        case .database: "MOONWIRE_DB"
        case .provider: "MOONWIRE_PROVIDER"
        case .region: "MOONWIRE_REGION"
        case .now: "MOONWIRE_NOW"
        case .clock: "MOONWIRE_CLOCK"
        case .busyTimeout: "MOONWIRE_BUSY_TIMEOUT"
        case .inboundAttempts: "MOONWIRE_INBOUND_ATTEMPTS"
        case .socket: "MOONWIRE_SOCKET"
        case .conexteoAPIKey: "CONEXTEO_API_KEY"
        case .conexteoAppID: "CONEXTEO_APP_ID"
        case .conexteoBaseURL: "CONEXTEO_BASE_URL"
        case .conexteoWebhookToken: "CONEXTEO_WEBHOOK_TOKEN"
        case .conexteoPoll: "MOONWIRE_CONEXTEO_POLL"
        case .conexteoStopSync: "MOONWIRE_STOP_SYNC"
        case .conexteoEmail: "CONEXTEO_EMAIL"
        case .conexteoPassword: "CONEXTEO_PASSWORD"
        case .conerixAPIKey: "CONERIX_API_KEY"
        case .conerixBaseURL: "CONERIX_BASE_URL"
        case .conerixWebhookSecret: "CONERIX_WEBHOOK_SECRET"
        case .servePlugins: "MOONWIRE_PLUGINS"
        case .serveConcurrency: "MOONWIRE_CONCURRENCY"
        case .serveBudget: "MOONWIRE_BUDGET"
        case .serveMemory: "MOONWIRE_MEMORY"
        case .serveHTTP: "MOONWIRE_HTTP"
        case .serveHTTPHost: "MOONWIRE_HTTP_HOST"
        case .serveMetrics: "MOONWIRE_METRICS"
        case .serveLogFormat: "MOONWIRE_LOG_FORMAT"
        case .serveLogLevel: "MOONWIRE_LOG_LEVEL"
        case .replHistory: "MOONWIRE_HISTORY"
        case .httpAllow: "MOONWIRE_HTTP_ALLOW"
        }
    }

    /// Keys, tokens and passwords: shown as `[REDACTED]`, and the file may name the variable
    /// holding one (`api_key_env = "VAR"`) instead of holding it.
    public var isSecret: Bool {
        switch self {
        case .conexteoAPIKey, .conexteoWebhookToken, .conexteoPassword, .conerixAPIKey, .conerixWebhookSecret: true
        default: false
        }
    }

    /// What values it takes.
    public var kind: SettingKind {
        switch self {
        case .provider: .choice(["sandbox", "conexteo", "conerix"])
        case .clock: .choice(["virtual", "system"])
        case .busyTimeout: .number(0...3600)
        case .inboundAttempts: .integer(1...100)
        case .conexteoBaseURL, .conerixBaseURL: .url
        case .conexteoPoll, .conexteoStopSync: .number(0.001...86_400)
        case .serveConcurrency: .integer(1...4096)
        case .serveBudget: .number(0.001...86_400)
        case .serveMemory: .integer(1...65536)
        case .serveHTTP, .serveMetrics: .integer(0...65535)
        case .serveLogFormat: .choice(LogFormat.allCases.map(\.rawValue))
        case .serveLogLevel: .choice(["trace", "debug", "info", "notice", "warning", "error", "critical"])
        default: .text
        }
    }

    /// The value when nobody sets it (nil: unset, the feature is off or derived elsewhere).
    public var defaultValue: String? {
        switch self {
        case .database: "moonwire.db"
        case .provider: "sandbox"
        case .region: "FR"
        case .clock: "virtual"
        case .busyTimeout: "10"
        case .inboundAttempts: "3"
        case .conexteoBaseURL: "https://api.conexteo.com"
        case .conexteoPoll: "5"
        case .conexteoStopSync: "600"
        case .conerixBaseURL: "https://conerix.com/api"
        case .servePlugins: "plugins"
        case .serveConcurrency: "256"
        case .serveBudget: "5"
        case .serveMemory: "256"
        case .serveHTTPHost: "127.0.0.1"
        case .serveLogFormat: LogFormat.text.rawValue
        case .serveLogLevel: "info"
        default: nil
        }
    }

    /// True for values the engine and the providers check again with their own messages (those
    /// the environment has always set); the environment's value then reaches them unchanged.
    var checkedDownstream: Bool {
        switch self {
        case .database, .provider, .region, .now, .clock, .busyTimeout, .inboundAttempts, .conexteoPoll,
            .conexteoStopSync, .conexteoBaseURL, .conerixBaseURL, .httpAllow:
            true
        default: false
        }
    }

    /// Its name inside its table (`api_key`).
    var name: String {
        rawValue.firstIndex(of: ".").map { String(rawValue[rawValue.index(after: $0)...]) } ?? rawValue
    }

    public static func < (lhs: SettingKey, rhs: SettingKey) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
