import Synchronization
import Testing
@testable import Providers

@Suite struct RateLimiterTests {
    /// A clock the test moves by hand.
    final class ManualClock: Sendable {
        let offset = Mutex<Duration>(.zero)
        func advance(_ d: Duration) { offset.withLock { $0 += d } }
        var now: @Sendable () -> Duration { { [self] in offset.withLock { $0 } } }
    }

    @Test func aBurstThenTheSteadyPace() {
        let clock = ManualClock()
        let limiter = RateLimiter(requestsPerMinute: 60, burst: 3, now: clock.now)
        #expect(limiter.reserve() == .zero)
        #expect(limiter.reserve() == .zero)
        #expect(limiter.reserve() == .zero)
        #expect(limiter.reserve() == .seconds(1))
        #expect(limiter.reserve() == .seconds(2))
        clock.advance(.seconds(10))
        #expect(limiter.reserve() == .zero)
    }

    @Test func sixtyPerMinuteByDefault() {
        let clock = ManualClock()
        let limiter = RateLimiter(requestsPerMinute: 60, now: clock.now)
        let waits = (0..<61).map { _ in limiter.reserve() }
        #expect(waits.prefix(60).allSatisfy { $0 == .zero })
        #expect(waits[60] == .seconds(1))
    }

    @Test func aProviderHoldDelaysEveryone() {
        let clock = ManualClock()
        let limiter = RateLimiter(requestsPerMinute: 600, now: clock.now)
        limiter.hold(for: .seconds(30))
        #expect(limiter.reserve() == .seconds(30))
        clock.advance(.seconds(31))
        #expect(limiter.reserve() == .zero)
    }

    @Test func oneLimiterPerProviderAndKey() {
        let registry = RateLimiterRegistry()
        let a = registry.limiter(provider: "conerix", key: ProviderSecret("k1"), requestsPerMinute: 60)
        #expect(registry.limiter(provider: "conerix", key: ProviderSecret("k1"), requestsPerMinute: 60) === a)
        #expect(registry.limiter(provider: "conerix", key: ProviderSecret("k2"), requestsPerMinute: 60) !== a)
        #expect(registry.limiter(provider: "conexteo", key: ProviderSecret("k1"), requestsPerMinute: 60) !== a)
    }
}
