import Foundation
import Testing
@testable import Providers

@Suite struct RetryPolicyTests {
    @Test func backoffDoublesUpToTheCapWithFullJitter() {
        let top = RetryPolicy(baseDelay: .milliseconds(100), maxDelay: .seconds(1), random: { 1 })
        #expect(top.backoff(retry: 1) == .milliseconds(100))
        #expect(top.backoff(retry: 2) == .milliseconds(200))
        #expect(top.backoff(retry: 4) == .milliseconds(800))
        #expect(top.backoff(retry: 5) == .seconds(1))
        #expect(top.backoff(retry: 60) == .seconds(1))
        let half = RetryPolicy(baseDelay: .milliseconds(100), maxDelay: .seconds(1), random: { 0.5 })
        #expect(half.backoff(retry: 3) == .milliseconds(200))
        let zero = RetryPolicy(baseDelay: .milliseconds(100), random: { 0 })
        #expect(zero.backoff(retry: 3) == .zero)
    }

    @Test func atLeastOneAttempt() {
        #expect(RetryPolicy(maxAttempts: 0).maxAttempts == 1)
        #expect(RetryPolicy.none.maxAttempts == 1)
    }

    @Test func retryableStatuses() {
        for idempotent in [true, false] {
            #expect(ProviderHTTPClient.isRetryable(status: 503, idempotent: idempotent))
            #expect(ProviderHTTPClient.isRetryable(status: 429, idempotent: idempotent))
            #expect(!ProviderHTTPClient.isRetryable(status: 501, idempotent: idempotent))
            for status in [400, 401, 402, 403, 404, 409, 422] {
                #expect(!ProviderHTTPClient.isRetryable(status: status, idempotent: idempotent))
            }
        }
        // A 500, 502, 504 or 408 may follow a send that happened: retried only with dedup.
        for status in [408, 500, 502, 504] {
            #expect(ProviderHTTPClient.isRetryable(status: status, idempotent: true))
            #expect(!ProviderHTTPClient.isRetryable(status: status, idempotent: false))
        }
    }

    @Test func retryAfterInSecondsOrAsADate() {
        let now = Date(timeIntervalSince1970: 1_445_412_470)  // 2015-10-21 07:27:50 GMT
        #expect(RateLimitHint(headers: [("retry-after", "3")], now: now).delay == .seconds(3))
        let dated = RateLimitHint(headers: [("Retry-After", "Wed, 21 Oct 2015 07:28:00 GMT")], now: now)
        #expect(dated.delay == .seconds(10))
        #expect(RateLimitHint(headers: [("Retry-After", "soon")], now: now).delay == nil)
    }

    @Test func rateLimitHeaders() {
        let now = Date(timeIntervalSince1970: 1_700_000_015.5)  // 35.5 s into a minute
        let spent = RateLimitHint(headers: [("X-RateLimit-Limit", "60"), ("X-RateLimit-Remaining", "0")], now: now)
        #expect(spent.limit == 60)
        #expect(spent.remaining == 0)
        #expect(spent.delay == .milliseconds(24_500))
        #expect(RateLimitHint(headers: [("X-RateLimit-Reset", "1700000020")], now: now).delay == .milliseconds(4_500))
        #expect(RateLimitHint(headers: [("X-RateLimit-Reset", "7")], now: now).delay == .seconds(7))
        #expect(RateLimitHint(headers: [("X-RateLimit-Remaining", "5")], now: now).delay == nil)
    }
}
