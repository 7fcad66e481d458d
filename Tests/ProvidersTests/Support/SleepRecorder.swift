import Providers
import Synchronization

/// Records the waits the HTTP core asks for instead of sleeping them.
final class SleepRecorder: Sendable {
    private let delays = Mutex<[Duration]>([])
    private let onSleep: (@Sendable (Duration) -> Void)?

    /// A recorder; `onSleep` also runs for each wait (to move a virtual clock).
    init(onSleep: (@Sendable (Duration) -> Void)? = nil) { self.onSleep = onSleep }

    /// Every wait asked for, in order.
    var recorded: [Duration] { delays.withLock { $0 } }

    /// A sleeper that records and returns at once.
    var sleeper: Sleeper {
        Sleeper { [self] duration in
            delays.withLock { $0.append(duration) }
            onSleep?(duration)
        }
    }

    /// A retry policy that records its waits, with the jitter fixed at `fraction`.
    func policy(maxAttempts: Int = 4, fraction: Double = 0.5) -> RetryPolicy {
        RetryPolicy(
            maxAttempts: maxAttempts, baseDelay: .milliseconds(100), maxDelay: .seconds(2), sleeper: sleeper,
            random: { fraction })
    }
}
