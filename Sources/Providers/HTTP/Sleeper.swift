/// How the HTTP core waits between attempts and for the rate limiter; injected so tests record
/// the delays instead of sleeping them.
public struct Sleeper: Sendable {
    let body: @Sendable (Duration) async throws -> Void

    /// A sleeper that runs `body` for each wait.
    public init(_ body: @escaping @Sendable (Duration) async throws -> Void) { self.body = body }

    /// Waits for `duration`; throws `CancellationError` if the task is cancelled.
    public func sleep(for duration: Duration) async throws {
        guard duration > .zero else { return }
        try await body(duration)
    }

    /// Sleeps on the continuous clock.
    public static let real = Sleeper { duration in try await Task.sleep(for: duration) }
}
