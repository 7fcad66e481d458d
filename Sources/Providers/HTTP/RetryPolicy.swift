/// When and how long to wait before trying a request again: exponential backoff with full
/// jitter (AWS's "Exponential Backoff and Jitter"), only for retryable failures.
public struct RetryPolicy: Sendable {
    /// Attempts in all, the first included; 1 disables retries.
    public var maxAttempts: Int
    /// The backoff ceiling for the first retry; it doubles on each later one.
    public var baseDelay: Duration
    /// No computed backoff exceeds this.
    public var maxDelay: Duration
    /// The longest wait a provider's `Retry-After` or rate-limit headers may ask for; longer asks
    /// fail the request as `rate_limited` rather than stall a send for minutes.
    public var maxServerDelay: Duration
    /// How waits happen; tests inject a recorder.
    public var sleeper: Sleeper
    /// A number in `0..<1` for the jitter; tests inject a constant.
    public var random: @Sendable () -> Double

    /// Creates a policy; the defaults suit interactive sends (4 attempts, 0.5 s doubling up to 8 s).
    public init(
        maxAttempts: Int = 4, baseDelay: Duration = .milliseconds(500), maxDelay: Duration = .seconds(8),
        maxServerDelay: Duration = .seconds(65), sleeper: Sleeper = .real,
        random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) }
    ) {
        self.maxAttempts = max(1, maxAttempts)
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.maxServerDelay = maxServerDelay
        self.sleeper = sleeper
        self.random = random
    }

    /// No retries at all.
    public static let none = RetryPolicy(maxAttempts: 1)

    /// The backoff before retry number `retry` (1 for the first retry): a uniform draw in
    /// `0...min(maxDelay, baseDelay * 2^(retry-1))`.
    public func backoff(retry: Int) -> Duration {
        let exponent = min(max(retry - 1, 0), 30)
        let ceiling = min(maxDelay, baseDelay * (1 << exponent))
        let fraction = min(max(random(), 0), 1)
        return ceiling * fraction
    }
}
