import Foundation
import Synchronization

/// Conerix's per-key request limit: a fixed window per clock minute, because the docs advise
/// "wait until the next full minute window before retrying" [V].
final class ConerixRateLimiter: Sendable {
    /// Whether a request may proceed, and what the rate-limit headers say.
    enum Decision: Equatable {
        /// Go ahead; `remaining` more requests fit in this window, which ends at `reset` (Unix seconds).
        case allowed(remaining: Int, reset: Int)
        /// Refused: retry after `retryAfter` seconds, when the window ending at `reset` is over.
        case limited(retryAfter: Int, reset: Int)
    }

    /// Requests allowed per key per minute.
    let limit: Int
    private let windows = Mutex<[String: (minute: Int, count: Int)]>([:])

    /// A limiter allowing `limit` requests per key per minute.
    init(limit: Int) {
        self.limit = max(1, limit)
    }

    /// Counts one request for `key` at `now`, unless the key's window is already full.
    func admit(key: String, now: Date) -> Decision {
        let seconds = now.timeIntervalSince1970
        let minute = Int((seconds / 60).rounded(.down))
        let reset = (minute + 1) * 60
        return windows.withLock { windows in
            var window = windows[key] ?? (minute, 0)
            if window.minute != minute { window = (minute, 0) }
            guard window.count < limit else {
                return .limited(retryAfter: max(1, Int((Double(reset) - seconds).rounded(.up))), reset: reset)
            }
            window.count += 1
            windows[key] = window
            return .allowed(remaining: limit - window.count, reset: reset)
        }
    }
}
