/// How hard the sandbox tries to deliver one event to one endpoint. Conerix does not publish its
/// retry policy [providers.md §2: unknown]; the sandbox retries briefly so a test sees the
/// outcome within seconds and a dead endpoint cannot pile up work.
struct WebhookRetryPolicy: Sendable {
    /// Attempts in all, the first included.
    var maxAttempts = 4
    /// The wait before the first retry; it doubles on each later one (0.25 s, 0.5 s, 1 s).
    var baseDelay: Duration = .milliseconds(250)
    /// The longest one attempt may take, connection included.
    var timeout: Duration = .seconds(5)
    /// Deliveries in flight at once, across endpoints.
    var maxConcurrent = 16

    /// The wait after failed attempt number `attempt` (1 for the first).
    func delay(after attempt: Int) -> Duration {
        baseDelay * (1 << min(max(attempt - 1, 0), 16))
    }
}
