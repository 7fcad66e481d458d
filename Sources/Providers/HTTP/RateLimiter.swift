import Synchronization

/// A client-side limit on requests per minute for one provider key, so Moonwire slows itself down
/// instead of collecting 429s. A reservation scheme (GCRA): each call books the next free slot and
/// says how long to wait for it, so concurrent callers queue fairly without polling.
public final class RateLimiter: Sendable {
    /// Requests allowed per minute.
    public let requestsPerMinute: Int
    /// Requests allowed back to back before the steady pace applies.
    public let burst: Int
    let now: @Sendable () -> Duration
    /// The theoretical arrival time of the next request, as an offset of `now()`, and a provider
    /// hold (an instant before which nothing may go out).
    private let state = Mutex<(next: Duration, holdUntil: Duration)>((.zero, .zero))

    /// A limiter of `requestsPerMinute`, allowing `burst` requests at once (default: a full minute's worth).
    public init(requestsPerMinute: Int, burst: Int? = nil, now: (@Sendable () -> Duration)? = nil) {
        self.requestsPerMinute = max(1, requestsPerMinute)
        self.burst = max(1, burst ?? requestsPerMinute)
        if let now {
            self.now = now
        } else {
            let clock = ContinuousClock()
            let origin = clock.now
            self.now = { clock.now - origin }
        }
    }

    /// The interval between requests at the steady pace.
    var interval: Duration { .seconds(60) / requestsPerMinute }

    /// Books a slot and returns how long the caller must wait before sending (zero if none).
    public func reserve() -> Duration {
        let current = now()
        return state.withLock { state in
            let tolerance = interval * (burst - 1)
            let arrival = max(state.next, current, state.holdUntil)
            let allowedAt = max(arrival - tolerance, state.holdUntil)
            state.next = arrival + interval
            return max(.zero, allowedAt - current)
        }
    }

    /// Holds every request for `delay`, when the provider says its window is spent.
    public func hold(for delay: Duration) {
        let until = now() + delay
        state.withLock { state in state.holdUntil = max(state.holdUntil, until) }
    }
}
