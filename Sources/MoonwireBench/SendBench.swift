import Foundation
import Providers
import SMSCore
import Synchronization

/// Send throughput through the real provider clients (HTTP core, retries, redaction, pooled
/// connections) against `moonwire sandbox serve` on loopback: `concurrency` tasks, each sending one
/// message after another, until `count` sends or `duration` (whichever comes first). scripts/bench
/// runs wrk against the same endpoint with the same body as the ceiling.
enum SendBench {
    /// What one run measured.
    struct Result {
        /// Sends the provider accepted.
        var sent: Int
        /// Sends that failed (must be zero for the figure to count).
        var errors: Int
        /// Wall time from the first send to the last answer.
        var seconds: Double
        /// The first failure, to explain a non-zero error count.
        var firstError: String?

        var messagesPerSecond: Double { seconds > 0 ? Double(sent) / seconds : 0 }
    }

    /// The message every send carries; scripts/bench gives wrk the same fields.
    static let recipient = "+33612345678"
    static let sender = "ACME"
    static let body = "Your verification code is 482194"

    static func run(
        baseURL: String, provider: String, key: String, concurrency: Int, connections: Int, count: Int, duration: Duration?
    ) async throws -> Result {
        // A pool of its own, by default sized to the concurrency as a daemon sending that many at
        // once would configure it (wrk gets as many connections).
        let transport = HTTPTransport(maxConnectionsPerHost: connections)
        let client: any MessagingProvider
        switch provider {
        case "conexteo":
            client = ConexteoClient(
                configuration: ConexteoConfiguration(apiKey: ProviderSecret(key), baseURL: baseURL),
                transport: transport, limiters: RateLimiterRegistry())
        case "conerix":
            // The sandbox's limit is raised by scripts/bench; the client's own must match it.
            client = ConerixClient(
                configuration: ConerixConfiguration(apiKey: ProviderSecret(key), baseURL: baseURL, requestsPerMinute: 100_000_000),
                transport: transport, limiters: RateLimiterRegistry())
        default:
            throw BenchError("unknown provider \(provider): use conexteo or conerix")
        }
        let content = try OutboundMessage.content(body: body, from: sender)
        let number = try OutboundMessage.recipient(recipient, region: "FR")

        let tally = Tally()
        let clock = ContinuousClock()
        let start = clock.now
        let deadline = duration.map { start + $0 }
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<concurrency {
                group.addTask {
                    while tally.next.add(1, ordering: .relaxed).oldValue < count {
                        if let deadline, clock.now >= deadline { return }
                        do {
                            // A fresh message per send: the client gives each its own dedup key.
                            _ = try await client.send(try OutboundMessage(to: number, content: content))
                            tally.sent.add(1, ordering: .relaxed)
                        } catch {
                            tally.errors.add(1, ordering: .relaxed)
                            tally.firstError.withLock { $0 = $0 ?? "\(error)" }
                        }
                    }
                }
            }
        }
        let elapsed = start.duration(to: clock.now)
        await transport.shutdown()
        let (seconds, attoseconds) = elapsed.components
        return Result(
            sent: tally.sent.load(ordering: .relaxed), errors: tally.errors.load(ordering: .relaxed),
            seconds: Double(seconds) + Double(attoseconds) / 1e18, firstError: tally.firstError.withLock { $0 })
    }

    /// The counters the sending tasks share (a class: atomics cannot be captured by value).
    private final class Tally: Sendable {
        /// The next send's index: a task claims one before each send.
        let next = Atomic<Int>(0)
        let sent = Atomic<Int>(0)
        let errors = Atomic<Int>(0)
        let firstError = Mutex<String?>(nil)
    }
}

/// A benchmark set-up failure.
struct BenchError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
