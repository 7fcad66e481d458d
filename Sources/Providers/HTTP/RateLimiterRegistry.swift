import Crypto
import Synchronization

/// The process-wide limiters, one per provider and API key, so two clients built with the same
/// key share one budget. Keys are held only as SHA-256 digests.
public final class RateLimiterRegistry: Sendable {
    private let limiters = Mutex<[String: RateLimiter]>([:])

    /// The registry every client uses unless given another.
    public static let shared = RateLimiterRegistry()

    private let now: (@Sendable () -> Duration)?

    /// Creates an empty registry (tests use their own); `now` replaces the monotonic clock the
    /// limiters read, so a test's virtual waits move them too.
    public init(now: (@Sendable () -> Duration)? = nil) { self.now = now }

    /// The limiter for `provider` and `key`, created at `requestsPerMinute` on first use.
    public func limiter(provider: String, key: ProviderSecret, requestsPerMinute: Int) -> RateLimiter {
        let digest = Hex.encode(SHA256.hash(data: Array(key.unredactedValue.utf8)))
        let id = "\(provider)|\(requestsPerMinute)|\(digest)"
        return limiters.withLock { limiters in
            if let existing = limiters[id] { return existing }
            let limiter = RateLimiter(requestsPerMinute: requestsPerMinute, now: now)
            limiters[id] = limiter
            return limiter
        }
    }
}
