import Foundation

/// Runs work that blocks its thread (waiting for a child process, `initdb`, `psql`) on a thread
/// of its own, so the awaiting test gives its thread back meanwhile.
///
/// Every test's tasks share one pool of as many threads as the machine has cores: two in CI. A
/// test blocked there stalls every other test, whose own timeouts (an HTTP client's, a wait for a
/// reply) then fire though nothing is wrong with the code under test.
public enum BlockingWork {
    /// Runs `body` on a new thread and returns what it returns.
    public static func run<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            Thread.detachNewThread { continuation.resume(returning: body()) }
        }
    }

    /// Runs `body` on a new thread and returns what it returns, or throws what it throws.
    public static func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread { continuation.resume(with: Result { try body() }) }
        }
    }
}
